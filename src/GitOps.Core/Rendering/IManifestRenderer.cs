namespace GitOps.Rendering;

/// <summary>
/// Turns the files of one revision into Kubernetes objects: the extension point for plain directories, Helm,
/// Kustomize, Jsonnet and anything else. Register implementations with <c>AddRenderer</c> on the GitOps builder.
/// </summary>
public interface IManifestRenderer
{
    /// <summary>The renderer's name, matched without regard to case: <c>directory</c>, <c>helm</c>, <c>kustomize</c>, ….</summary>
    string Name { get; }

    /// <summary>Renders one application path.</summary>
    /// <param name="request">The files, the path inside them, options and context.</param>
    /// <param name="cancellationToken">Cancels the render.</param>
    /// <returns>The objects in a deterministic order, with diagnostics.</returns>
    /// <exception cref="RenderException">The input cannot be rendered; the message names file and line where known.</exception>
    ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default);
}
