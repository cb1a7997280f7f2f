using GitOps.Applications;
using GitOps.Rendering;

namespace GitOps.Reconcile;

/// <summary>
/// Maps an application source's renderer settings (<c>directory</c>, <c>helm</c>, <c>kustomize</c>...) to the options of
/// the renderer that handles them. Each renderer package registers one; the first that answers wins.
/// </summary>
public interface IRendererOptionsMapper
{
    /// <summary>The renderer options for the source, or null when this mapper does not handle its settings.</summary>
    /// <param name="application">The application.</param>
    /// <param name="source">One of its sources.</param>
    /// <returns>The options, or null.</returns>
    RendererOptions? Map(Application application, ApplicationSource source);
}
