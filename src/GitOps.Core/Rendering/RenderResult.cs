using GitOps.Manifests;

namespace GitOps.Rendering;

/// <summary>The outcome of a render.</summary>
public sealed class RenderResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="rendererName">The renderer that produced it.</param>
    /// <param name="objects">The objects, in the renderer's deterministic order.</param>
    /// <param name="diagnostics">Notes from the render.</param>
    public RenderResult(string rendererName, IReadOnlyList<ManifestObject> objects, IReadOnlyList<RenderDiagnostic>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(rendererName);
        ArgumentNullException.ThrowIfNull(objects);
        RendererName = rendererName;
        Objects = objects;
        Diagnostics = diagnostics ?? [];
    }

    /// <summary>The renderer that produced the result.</summary>
    public string RendererName { get; }

    /// <summary>The rendered objects.</summary>
    public IReadOnlyList<ManifestObject> Objects { get; }

    /// <summary>Notes from the render.</summary>
    public IReadOnlyList<RenderDiagnostic> Diagnostics { get; }

    /// <summary>Whether the result was served from the render cache.</summary>
    public bool FromCache { get; private init; }

    /// <summary>An independent copy whose objects can be changed without touching this one.</summary>
    /// <param name="fromCache">The value of <see cref="FromCache"/> on the copy.</param>
    public RenderResult Clone(bool fromCache) =>
        new(RendererName, Objects.Select(o => o.DeepClone()).ToArray(), Diagnostics) { FromCache = fromCache };
}
