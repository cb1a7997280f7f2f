namespace GitOps.Testing.Api;

/// <summary>What a resource URL addresses, parsed like the real server's request-info factory.</summary>
internal sealed record RequestTarget(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource, bool LegacyWatch)
{
    /// <summary>Parses <c>/api/v1/…</c> and <c>/apis/{group}/{version}/…</c> resource paths; null for anything else.</summary>
    public static RequestTarget? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.None).Select(Uri.UnescapeDataString).ToList();
        int rest;
        string group;
        string version;
        if (segments.Count >= 3 && segments[0] == "api")
        {
            group = string.Empty;
            version = segments[1];
            rest = 2;
        }
        else if (segments.Count >= 4 && segments[0] == "apis")
        {
            group = segments[1];
            version = segments[2];
            rest = 3;
        }
        else
        {
            return null;
        }

        var parts = segments.Skip(rest).ToList();
        var watch = false;
        if (parts.Count > 0 && parts[0] == "watch")
        {
            watch = true;
            parts.RemoveAt(0);
        }

        if (parts.Count == 0 || parts.Any(p => p.Length == 0))
        {
            return null;
        }

        // "namespaces/{ns}/{resource}…" is namespaced unless the third part is a namespace subresource.
        if (parts[0] == "namespaces" && parts.Count >= 3 && parts[2] is not ("status" or "finalize"))
        {
            var ns = parts[1];
            return parts.Count switch
            {
                3 => new RequestTarget(group, version, parts[2], ns, null, null, watch),
                4 => new RequestTarget(group, version, parts[2], ns, parts[3], null, watch),
                5 => new RequestTarget(group, version, parts[2], ns, parts[3], parts[4], watch),
                _ => null,
            };
        }

        return parts.Count switch
        {
            1 => new RequestTarget(group, version, parts[0], null, null, null, watch),
            2 => new RequestTarget(group, version, parts[0], null, parts[1], null, watch),
            3 => new RequestTarget(group, version, parts[0], null, parts[1], parts[2], watch),
            _ => null,
        };
    }
}
