using GitOps.Applications;
using GitOps.Comparison;
using GitOps.Manifests;
using GitOps.Sync;
using Microsoft.Extensions.Logging;

namespace GitOps.Reconcile;

// Operations a person starts (a manual sync, a diff to look at), as opposed to the ones the reconcile decides on.
public sealed partial class ApplicationReconciler
{
    /// <summary>
    /// Syncs an application now to its target revision, whatever its sync policy (a manual sync, as Argo CD's Sync
    /// button). Records a history entry like any sync. Refused while another operation of the application runs.
    /// </summary>
    /// <param name="application">The application.</param>
    /// <param name="context">The cluster.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operation's final state.</returns>
    /// <exception cref="InvalidOperationException">Another operation of the application is running.</exception>
    public Task<OperationState> SyncNowAsync(Application application, ReconcileContext context, CancellationToken cancellationToken = default) =>
        SyncNowAsync(application, options: null, context, cancellationToken);

    /// <summary>
    /// Syncs an application now to its target revision, whether or not its sync policy is automated (Argo CD's
    /// <c>app sync</c>): renders, then runs the sync engine with the application's sync options changed by
    /// <paramref name="options"/>. The engine records a history entry for a successful full sync that is not a dry run.
    /// </summary>
    /// <param name="application">The application.</param>
    /// <param name="options">What to change of the application's sync options; <see langword="null"/> for none.</param>
    /// <param name="context">The cluster.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operation's final state.</returns>
    /// <exception cref="InvalidOperationException">Another operation of the application is running.</exception>
    /// <exception cref="Sources.Git.GitSourceException">The source could not be fetched or its revision resolved.</exception>
    /// <exception cref="Rendering.RenderException">The manifests could not be rendered.</exception>
    public async Task<OperationState> SyncNowAsync(Application application, ManualSyncOptions? options, ReconcileContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(context);
        options ??= new ManualSyncOptions();
        LogManualSync(_logger, application.QualifiedName, options.Prune, options.DryRun);
        return await RunOperationAsync(application, application, context, request => request with
        {
            Options = request.Options with
            {
                Prune = options.Prune ? PruneMode.On : request.Options.Prune,
                DryRun = options.DryRun,
                RecreateOnImmutableChange = request.Options.RecreateOnImmutableChange || options.Force,
                Timeout = options.Timeout ?? request.Options.Timeout,
            },
        }, cancellationToken).ConfigureAwait(false);
    }

    // Renders one version of an application (the target, or a pinned revision) and syncs it; one operation per application.
    private async Task<OperationState> RunOperationAsync(
        Application application, Application rendered, ReconcileContext context, Func<SyncRequest, SyncRequest>? adjust, CancellationToken cancellationToken)
    {
        var state = StateOf(application);
        if (!await state.Operation.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Application {application.QualifiedName} has an operation running; try again when it ends.");
        }

        try
        {
            var (revision, objects, _) = await RenderAsync(rendered, context.Hard, cancellationToken).ConfigureAwait(false);
            var request = NewSyncRequest(application, revision, objects);
            var operation = await _engine.SyncAsync(context.Cluster, adjust is null ? request : adjust(request), cancellationToken).ConfigureAwait(false);
            lock (state)
            {
                state.LastOperation = operation;
            }

            LogSynced(_logger, application.QualifiedName, operation.Revision, operation.Phase, operation.Message);
            return operation;
        }
        finally
        {
            state.Operation.Release();
        }
    }

    /// <summary>
    /// Compares an application with the cluster without publishing status or syncing: what a diff view shows. Reuses
    /// the last render while the revision and specification are unchanged. Diffs have Secret data masked.
    /// </summary>
    /// <param name="application">The application.</param>
    /// <param name="context">The cluster (and live-state cache, if any).</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The comparison, one entry per desired or extraneous resource.</returns>
    public async Task<ComparisonResult> CompareAsync(Application application, ReconcileContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(context);
        var state = StateOf(application);
        var trees = await OpenAsync(application, cancellationToken).ConfigureAwait(false);
        var revision = RevisionOf(trees);
        var specHash = SpecHash(application);
        IReadOnlyList<ManifestObject>? objects;
        lock (state)
        {
            objects = !context.Hard && state.Revision == revision && state.SpecHash == specHash && trees.All(t => t.Tree.Revision is not null) ? state.Objects : null;
        }

        objects ??= await RenderAsync(application, trees, context.Hard, [], cancellationToken).ConfigureAwait(false);
        return await CompareObjectsAsync(application, objects, context, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual sync of {Application} requested (prune: {Prune}, dry run: {DryRun})")]
    private static partial void LogManualSync(ILogger logger, string application, bool prune, bool dryRun);
}
