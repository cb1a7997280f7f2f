using System.Collections.Concurrent;
using GitOps.Cluster;
using GitOps.Sync;

namespace GitOps.Dashboard.Tests.TestSupport;

/// <summary>The real sync engine, except that syncs of applications a test holds wait until it lets them go.</summary>
internal sealed class HoldingSyncEngine(ISyncEngine inner) : ISyncEngine
{
    private readonly ConcurrentDictionary<string, (TaskCompletionSource Entered, TaskCompletionSource Release)> _held = new(StringComparer.Ordinal);

    /// <summary>Holds the next syncs of an application (by tracking name); returns when one entered and how to release it.</summary>
    public (Task Entered, TaskCompletionSource Release) Hold(string trackingName)
    {
        var gate = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _held[trackingName] = gate;
        return (gate.Item1.Task, gate.Item2);
    }

    public async Task<OperationState> SyncAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default)
    {
        if (_held.TryGetValue(request.ApplicationName, out var gate))
        {
            gate.Entered.TrySetResult();
            await gate.Release.Task.WaitAsync(cancellationToken);
        }

        return await inner.SyncAsync(cluster, request, cancellationToken);
    }

    public Task<OperationState> ResumeAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default) =>
        inner.ResumeAsync(cluster, request, cancellationToken);
}
