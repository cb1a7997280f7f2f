namespace GitOps.Manifests;

/// <summary>
/// Reads Kubernetes manifests from YAML or JSON text the way Kubernetes tooling (kubectl, sigs.k8s.io/yaml)
/// reads them: multi-document streams, empty documents skipped, <c>kind: List</c> flattened, YAML 1.1 scalars.
/// </summary>
public sealed class ManifestReader
{
    /// <summary>Creates a reader.</summary>
    /// <param name="options">Limits and checks; the defaults when <see langword="null"/>.</param>
    public ManifestReader(ManifestReaderOptions? options = null)
    {
        Options = options ?? new ManifestReaderOptions();
    }

    /// <summary>A reader with the default options.</summary>
    public static ManifestReader Default { get; } = new();

    /// <summary>The options in force.</summary>
    public ManifestReaderOptions Options { get; }

    /// <summary>Reads every object of a YAML or JSON stream.</summary>
    /// <param name="utf8">The text, UTF-8 encoded (a byte-order mark is allowed).</param>
    /// <param name="file">The file name used in locations and error messages.</param>
    /// <exception cref="ManifestFormatException">The text is not valid; the message names file, line and column.</exception>
    public IReadOnlyList<ManifestObject> Read(ReadOnlyMemory<byte> utf8, string file) =>
        throw new NotImplementedException("Filled in by the manifest reader work.");

    /// <summary>Reads every object of a YAML or JSON stream.</summary>
    /// <param name="text">The text.</param>
    /// <param name="file">The file name used in locations and error messages.</param>
    /// <exception cref="ManifestFormatException">The text is not valid; the message names file, line and column.</exception>
    public IReadOnlyList<ManifestObject> Read(string text, string file) =>
        throw new NotImplementedException("Filled in by the manifest reader work.");
}
