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
}
