using GitOps.Applications;
using GitOps.Comparison;
using GitOps.Diff;
using GitOps.Manifests;

namespace GitOps.Reconcile;

/// <summary>Looking without acting: an application's manifests and their comparison with a cluster, as a reconcile sees them.</summary>
public sealed partial class ApplicationReconciler
{
    /// <summary>
    /// Renders an application at its target revision exactly as a reconcile does (same renderer options, tracking name
    /// and destination namespace), without comparing, syncing or publishing anything. To render another revision, pass
    /// the application with that target revision.
    /// </summary>
    /// <param name="application">The application.</param>
    /// <param name="cancellationToken">Cancels the render.</param>
    /// <returns>The revision and objects.</returns>
    /// <exception cref="Sources.Git.GitSourceException">The source could not be fetched or its revision resolved.</exception>
    /// <exception cref="Rendering.RenderException">The manifests could not be rendered.</exception>
    public async Task<RenderedApplication> RenderAsync(Application application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var trees = await OpenAsync(application, cancellationToken).ConfigureAwait(false);
        var conditions = new List<ApplicationCondition>();
        var objects = await RenderAsync(application, trees, hard: false, conditions, cancellationToken).ConfigureAwait(false);
        return new RenderedApplication
        {
            Revision = RevisionOf(trees),
            Objects = objects,
            Warnings = [.. conditions.Select(c => c.Message)],
        };
    }

    /// <summary>
    /// Compares rendered objects of an application with the cluster as a reconcile does, returning every resource's
    /// diff (Secret data masked). Nothing is published or synced.
    /// </summary>
    /// <param name="application">The application.</param>
    /// <param name="rendered">Its rendered objects, from <see cref="RenderAsync(Application, CancellationToken)"/>.</param>
    /// <param name="context">The cluster.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The comparison.</returns>
    public async Task<ComparisonResult> CompareAsync(Application application, RenderedApplication rendered, ReconcileContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(context);
        return await CompareObjectsAsync(application, rendered.Objects, context, cancellationToken).ConfigureAwait(false);
    }
}
