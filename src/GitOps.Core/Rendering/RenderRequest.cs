using GitOps.Sources;

namespace GitOps.Rendering;

/// <summary>One render: which files, which path inside them, which renderer and options.</summary>
public sealed record RenderRequest
{
    /// <summary>The files of the revision to render.</summary>
    public required ISourceTree Source { get; init; }

    /// <summary>The application's path relative to the source root; <c>""</c> or <c>.</c> for the root.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>
    /// The renderer's options, which also select the renderer. When <see langword="null"/>, the renderer is
    /// detected from the files at <see cref="Path"/> and runs with its defaults.
    /// </summary>
    public RendererOptions? Options { get; init; }

    /// <summary>The application and cluster being rendered for.</summary>
    public RenderContext Context { get; init; } = new();
}
