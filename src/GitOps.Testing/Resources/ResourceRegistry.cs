namespace GitOps.Testing.Resources;

/// <summary>The served resources: the built-in kinds plus those CRDs add while the emulator runs.</summary>
internal sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private List<ResourceType> _types;

    public ResourceRegistry(IEnumerable<ResourceType> types)
    {
        _types = types.ToList();
    }

    /// <summary>A snapshot of every served resource, in registration order.</summary>
    public IReadOnlyList<ResourceType> Types
    {
        get
        {
            lock (_gate)
            {
                return _types;
            }
        }
    }

    public ResourceType? Find(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType? FindKind(string group, string version, string kind) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind);

    public bool ServesGroupVersion(string group, string version) => Types.Any(t => t.Group == group && t.Version == version);

    /// <summary>Replaces every type a CRD defines with <paramref name="types"/> (empty to stop serving it).</summary>
    public void SetDefinedBy(string crdName, IReadOnlyList<ResourceType> types)
    {
        lock (_gate)
        {
            var next = _types.Where(t => t.DefinedBy != crdName).ToList();
            next.AddRange(types);
            _types = next;
        }
    }

    /// <summary>The groups in discovery order, each with its versions (preferred first).</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        var result = new List<(string, IReadOnlyList<string>)>();
        foreach (var group in Types.Where(t => t.Group.Length > 0).Select(t => t.Group).Distinct(StringComparer.Ordinal))
        {
            var versions = Types.Where(t => t.Group == group).Select(t => t.Version).Distinct(StringComparer.Ordinal)
                .OrderByDescending(VersionPriority).ToList();
            result.Add((group, versions));
        }

        return result;
    }

    /// <summary>Kubernetes version ordering: GA above beta above alpha, higher numbers first.</summary>
    internal static int VersionPriority(string version)
    {
        var m = System.Text.RegularExpressions.Regex.Match(version, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!m.Success)
        {
            return -1;
        }

        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = m.Groups[3].Success && m.Groups[3].Value.Length > 0 ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 1_000_000) + (major * 1000) + minor;
    }
}
