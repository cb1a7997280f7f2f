using GitOps.Rendering;

namespace GitOps.Renderers.Directory;

/// <summary>Options of a plain-directory application (Argo CD's <c>source.directory</c>).</summary>
public sealed class DirectoryRendererOptions : RendererOptions
{
    /// <inheritdoc />
    public override string RendererName => RendererNames.Directory;

    /// <summary>Whether sub-directories are read too. Default <see langword="false"/>.</summary>
    public bool Recurse { get; init; }

    /// <summary>
    /// A glob over paths relative to the application folder; when set, only matching files are read.
    /// See <see cref="Globbing.GlobPattern"/> for the syntax.
    /// </summary>
    public string? Include { get; init; }

    /// <summary>A glob over paths relative to the application folder; matching files are skipped.</summary>
    public string? Exclude { get; init; }

    /// <summary>How <c>*.jsonnet</c> files are evaluated.</summary>
    public JsonnetOptions Jsonnet { get; init; } = new();
}
