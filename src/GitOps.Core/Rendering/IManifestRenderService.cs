namespace GitOps.Rendering;

/// <summary>
/// Renders applications: picks the renderer (from the options, or detected from the files), serves Git
/// revisions from the render cache, and returns results the caller owns.
/// </summary>
public interface IManifestRenderService
{
    /// <summary>Renders one application path.</summary>
    /// <param name="request">What to render.</param>
    /// <param name="cancellationToken">Cancels the render.</param>
    /// <returns>A result whose objects the caller may change freely.</returns>
    /// <exception cref="RenderException">The application cannot be rendered.</exception>
    ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default);
}
