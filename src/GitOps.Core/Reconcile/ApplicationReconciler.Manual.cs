using GitOps.Applications;
using GitOps.Sync;
using Microsoft.Extensions.Logging;

namespace GitOps.Reconcile;

/// <summary>Manual syncs: what a person asks for, whatever the application's sync policy.</summary>
public sealed partial class ApplicationReconciler
{
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
        var state = StateOf(application);
        if (!await state.Operation.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Application {application.QualifiedName} has an operation running; try again when it ends.");
        }

        try
        {
            var (revision, objects, _) = await RenderAsync(application, hard: false, cancellationToken).ConfigureAwait(false);
            var request = NewSyncRequest(application, revision, objects);
            var sync = request.Options;
            request = request with
            {
                Options = sync with
                {
                    Prune = options.Prune ? PruneMode.On : sync.Prune,
                    DryRun = options.DryRun,
                    RecreateOnImmutableChange = sync.RecreateOnImmutableChange || options.Force,
                    Timeout = options.Timeout ?? sync.Timeout,
                },
            };
            LogManualSync(_logger, application.QualifiedName, revision, options.Prune, options.DryRun);
            var operation = await _engine.SyncAsync(context.Cluster, request, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Manual sync of {Application} to {Revision} (prune: {Prune}, dry run: {DryRun})")]
    private static partial void LogManualSync(ILogger logger, string application, string revision, bool prune, bool dryRun);
}
