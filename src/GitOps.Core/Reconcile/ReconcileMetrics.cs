using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GitOps.Diagnostics;

namespace GitOps.Reconcile;

// The gauge of applications by sync and health status, over every running loop.
internal static class ReconcileMetrics
{
    private static readonly ConcurrentDictionary<ReconcileLoop, byte> Loops = new();

    private static readonly ObservableGauge<long> Applications = GitOpsTelemetry.Meter.CreateObservableGauge(
        "gitops.applications", Observe, description: "Applications by last reconciled sync_status and health_status.");

    public static void Register(ReconcileLoop loop)
    {
        _ = Applications;
        Loops.TryAdd(loop, 0);
    }

    public static void Unregister(ReconcileLoop loop) => Loops.TryRemove(loop, out _);

    private static IEnumerable<Measurement<long>> Observe() =>
        Loops.Keys.SelectMany(l => l.LatestStatuses)
            .GroupBy(s => (s.SyncStatus, s.Health.Status))
            .Select(g => new Measurement<long>(g.LongCount(),
                new KeyValuePair<string, object?>("sync_status", g.Key.SyncStatus.ToString()),
                new KeyValuePair<string, object?>("health_status", g.Key.Status.ToString())));
}
