using System.Collections.Concurrent;
using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Clusters;
using Microsoft.Extensions.Logging;

namespace GitOps.Reconcile;

// Each application is reconciled on the cluster its destination names; the live-state cache of every cluster the
// loop meets is watched for changes from the first time it is used.
public sealed partial class ReconcileLoop
{
    private readonly ConcurrentDictionary<LiveStateCache, Task> _watches = new();
    private CancellationTokenSource? _watching;

    private async Task<ReconcileResult> ReconcileAtDestinationAsync(Application application, bool hard, CancellationToken cancellationToken)
    {
        var resolution = _clusters.Resolve(application.Spec.Destination);
        if (!resolution.Succeeded)
        {
            return await _reconciler.ReportInvalidSpecAsync(application, $"spec.destination: {resolution.Error}", cancellationToken).ConfigureAwait(false);
        }

        return await _reconciler.ReconcileAsync(application, ContextOf(resolution.Cluster, hard), cancellationToken).ConfigureAwait(false);
    }

    private ReconcileContext? ContextFor(Application application)
    {
        var resolution = _clusters.Resolve(application.Spec.Destination);
        if (!resolution.Succeeded)
        {
            LogNoDestination(_logger, application.QualifiedName, resolution.Error);
            return null;
        }

        return ContextOf(resolution.Cluster, hard: false);
    }

    private ReconcileContext ContextOf(ResolvedCluster cluster, bool hard)
    {
        if (cluster.LiveState is { } cache)
        {
            Watch(cache);
        }

        return new ReconcileContext { Cluster = cluster.Client, LiveState = cluster.LiveState, Hard = hard, DeferSync = true };
    }

    private void StartWatching(CancellationToken cancellationToken)
    {
        _watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A registry of one given its cache up front (the single-cluster constructor) is watched from the start, as before registries.
        if (_clusters.Clusters.Count == 1 && _clusters.Resolve(new ApplicationDestination()) is { Succeeded: true, Cluster.LiveState: { } cache })
        {
            Watch(cache);
        }
    }

    private void Watch(LiveStateCache cache)
    {
        if (_watching is not { } watching || _watches.ContainsKey(cache))
        {
            return;
        }

        lock (_watches)
        {
            if (!_watches.ContainsKey(cache) && !watching.IsCancellationRequested)
            {
                _watches[cache] = Task.Run(() => WatchChangesAsync(cache, watching.Token), CancellationToken.None);
            }
        }
    }

    private async Task StopWatchingAsync()
    {
        if (_watching is not { } watching)
        {
            return;
        }

        Task[] watches;
        lock (_watches)
        {
            watching.Cancel();
            watches = [.. _watches.Values];
        }

        try
        {
            await Task.WhenAll(watches).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The cache was disposed first.
        }

        watching.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No destination cluster for {Application}: {Error}")]
    private static partial void LogNoDestination(ILogger logger, string application, string error);
}
