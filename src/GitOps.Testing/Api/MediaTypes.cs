namespace GitOps.Testing.Api;

/// <summary>Reads Accept headers the way the real server negotiates: media types with <c>g</c>, <c>v</c> and <c>as</c> parameters.</summary>
internal static class MediaTypes
{
    /// <summary>The parameter sets of the Accept header's JSON entries, in order (spaces around ';' and '=' tolerated).</summary>
    public static IEnumerable<Dictionary<string, string>> JsonEntries(string? accept)
    {
        if (string.IsNullOrEmpty(accept))
        {
            yield break;
        }

        foreach (var entry in accept.Split(','))
        {
            var parts = entry.Split(';');
            if (parts[0].Trim() is not ("application/json" or "*/*" or "application/*"))
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in parts.Skip(1))
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    parameters[p[..eq].Trim()] = p[(eq + 1)..].Trim().Trim('"');
                }
            }

            yield return parameters;
        }
    }

    /// <summary>Whether the first JSON entry of the Accept header asks for the given <c>as</c> form (such as Table).</summary>
    public static string? Wanted(string? accept, string asKind, string group)
    {
        foreach (var p in JsonEntries(accept))
        {
            if (p.TryGetValue("as", out var form) && form == asKind && p.TryGetValue("g", out var g) && g == group)
            {
                return p.GetValueOrDefault("v") ?? string.Empty;
            }

            if (!p.ContainsKey("as"))
            {
                // A plain JSON entry before any special form: the client prefers plain JSON.
                return null;
            }
        }

        return null;
    }
}
