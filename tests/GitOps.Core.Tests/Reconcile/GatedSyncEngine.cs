using GitOps.Cluster;
using GitOps.Sync;

namespace GitOps.Tests.Reconcile;

/// <summary>Holds every sync at a gate until released, counting calls and how many ran at once.</summary>
internal sealed class GatedSyncEngine
{
    private int _calls;
    private int _running;
    private int _max;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Calls => _calls;

    public int MaxConcurrent => _max;

    public ISyncEngine Wrap(ISyncEngine inner) => new Gated(this, inner);

    private sealed class Gated(GatedSyncEngine gate, ISyncEngine inner) : ISyncEngine
    {
        public async Task<OperationState> SyncAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref gate._calls);
            var now = Interlocked.Increment(ref gate._running);
            InterlockedMax(ref gate._max, now);
            try
            {
                gate.Entered.TrySetResult();
                await gate.Release.Task.WaitAsync(cancellationToken);
                return await inner.SyncAsync(cluster, request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref gate._running);
            }
        }

        public Task<OperationState> ResumeAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default) =>
            inner.ResumeAsync(cluster, request, cancellationToken);

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
