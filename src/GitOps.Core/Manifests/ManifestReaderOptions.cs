namespace GitOps.Manifests;

/// <summary>Limits and checks for <see cref="ManifestReader"/>. The defaults suit untrusted repository content.</summary>
public sealed class ManifestReaderOptions
{
    /// <summary>The largest input accepted, in bytes. Default 64 MiB.</summary>
    public long MaxInputBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The deepest nesting of mappings and sequences accepted. Default 512.</summary>
    public int MaxDepth { get; set; } = 512;

    /// <summary>
    /// The most nodes that alias expansion may produce over one document, so that an "exponential entity" input
    /// fails fast in bounded memory. Default 1,000,000.
    /// </summary>
    public int MaxAliasExpansionNodes { get; set; } = 1_000_000;

    /// <summary>
    /// Whether every object must have <c>apiVersion</c>, <c>kind</c> and <c>metadata.name</c> (or
    /// <c>metadata.generateName</c>). Default <see langword="true"/>.
    /// </summary>
    public bool RequireObjectIdentity { get; set; } = true;

    /// <summary>
    /// Whether a key repeated in one mapping is accepted, the last value winning, as <c>kubectl --local</c> and
    /// sigs.k8s.io/yaml do. Default <see langword="false"/>: a repeated key is an error, as the API server's strict
    /// field validation (kubectl's default) reports it, since it is almost always a mistake.
    /// </summary>
    public bool AllowDuplicateKeys { get; set; }

    /// <summary>
    /// Whether a tag other than the YAML core tags (such as <c>!custom value</c> or <c>!!set</c>) is an error.
    /// Default <see langword="true"/>: an unknown tag in a manifest is almost always a mistake, so it fails with its
    /// file, line and column. Set <see langword="false"/> to read like kubectl (go-yaml v2), which ignores such tags
    /// and reads the node as if untagged, except that a tagged scalar stays a string.
    /// </summary>
    public bool RejectUnknownTags { get; set; } = true;

    /// <summary>
    /// How many threads may parse one large YAML stream (over 1 MiB), whose documents are independent. Default 0:
    /// as many as there are processors; 1 parses on the calling thread only. The result does not depend on it.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>
    /// Turns off the fast path for common YAML and the parsed-text path for JSON, so tests can compare them with the
    /// complete parser and the tree reader.
    /// </summary>
    internal bool DisableFastPath { get; set; }

    /// <summary>Checks that the limits are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is zero or negative, or the parallelism negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInputBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAliasExpansionNodes);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDegreeOfParallelism);
    }
}
