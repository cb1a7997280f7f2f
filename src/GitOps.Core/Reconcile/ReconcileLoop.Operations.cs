using GitOps.Applications;
using GitOps.Comparison;
using GitOps.Sync;
using Microsoft.Extensions.Logging;

namespace GitOps.Reconcile;

// Operations a person asks for (a dashboard's or a command line's Sync, Rollback and Diff), run beside the loop's own.
public sealed partial class ReconcileLoop
{
    /// <summary>
    /// Syncs an application now to its target revision (a manual sync), whatever its sync policy, then refreshes it so
    /// its status shows the result. An application runs one operation at a time, manual or automated.
    /// </summary>
    /// <param name="application">The qualified application name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operation's final state.</returns>
    /// <exception cref="KeyNotFoundException">The loop has no such application.</exception>
    /// <exception cref="InvalidOperationException">The application has an operation running, or another replica owns it.</exception>
    public Task<OperationState> SyncAsync(string application, CancellationToken cancellationToken = default) =>
        OperateAsync(application, "sync", (app, context, token) => _reconciler.SyncNowAsync(app, context, token), cancellationToken);

    /// <summary>
    /// Rolls an application back to one of its history entries (see <see cref="ApplicationReconciler.RollbackAsync"/>),
    /// then refreshes it. Refused while automated sync is on or another operation of the application runs.
    /// </summary>
    /// <param name="application">The qualified application name.</param>
    /// <param name="historyId">The history entry's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operation's final state.</returns>
    /// <exception cref="KeyNotFoundException">The loop has no such application.</exception>
    /// <exception cref="InvalidOperationException">Automated sync is on, the entry does not exist, an operation is running, or another replica owns the application.</exception>
    public Task<OperationState> RollbackAsync(string application, long historyId, CancellationToken cancellationToken = default) =>
        OperateAsync(application, "rollback", (app, context, token) => _reconciler.RollbackAsync(app, historyId, context, token), cancellationToken);

    /// <summary>Compares an application with the cluster now, without publishing or syncing: the per-resource diffs, Secret data masked.</summary>
    /// <param name="application">The qualified application name.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="KeyNotFoundException">The loop has no such application.</exception>
    public Task<ComparisonResult> CompareAsync(string application, CancellationToken cancellationToken = default) =>
        _reconciler.CompareAsync(Find(application), DestinationContext(Find(application)), cancellationToken);

    /// <summary>Whether an operation (sync, rollback or a resumed one) of the application is running now.</summary>
    /// <param name="application">The qualified application name.</param>
    /// <returns>True while one runs.</returns>
    public bool IsOperationRunning(string application) => _operating.ContainsKey(application);

    private Application Find(string application) =>
        _apps.TryGetValue(application, out var app) ? app : throw new KeyNotFoundException($"The reconcile loop has no application {application}.");

    // The cluster an application's destination names, for operations a person starts.
    private ReconcileContext DestinationContext(Application application)
    {
        var resolution = _clusters.Resolve(application.Spec.Destination);
        return resolution.Succeeded
            ? ContextOf(resolution.Cluster, hard: false)
            : throw new InvalidOperationException($"Application {application.QualifiedName} cannot be operated on: spec.destination: {resolution.Error}");
    }

    private async Task<OperationState> OperateAsync(
        string application, string what, Func<Application, ReconcileContext, CancellationToken, Task<OperationState>> operation, CancellationToken cancellationToken)
    {
        var app = Find(application);
        if (!Owns(application))
        {
            throw new InvalidOperationException($"Application {application} is owned by another replica; ask that one.");
        }

        // The same guard as the loop's automated syncs: one operation per application.
        if (!_operating.TryAdd(application, 0))
        {
            throw new InvalidOperationException($"Application {application} has an operation running; try again when it ends.");
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var key = "op:" + application;
        _running[key] = cts;
        try
        {
            LogOperationRequested(_logger, what, application);
            return await operation(app, DestinationContext(app), cts.Token).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(key, out _);
            _operating.TryRemove(application, out _);
            // Publish the state after the operation.
            Enqueue(application, hard: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A {Operation} of {Application} was requested")]
    private static partial void LogOperationRequested(ILogger logger, string operation, string application);
}
