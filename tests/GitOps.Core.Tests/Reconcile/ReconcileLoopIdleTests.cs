using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

/// <summary>What a refresh costs when nothing changed: no render, and with a warm watch cache no API request at all.</summary>
public sealed class ReconcileLoopIdleTests : EmulatorTest
{
    [Test]
    public async Task Refresh_NothingChangedWarmCache_NoRenderNoListNoDryRun()
    {
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("idle"));
        var apps = Enumerable.Range(0, 3).Select(i => h.Application($"idle{i}", path: $"idle{i}")).ToList();
        foreach (var app in apps)
        {
            h.CommitConfigMap(app.Spec.Source!.Path, "1", path: app.Spec.Source.Path);
        }

        await using var cache = new LiveStateCache(Cluster.Client);
        var loop = new ReconcileLoop(h.Reconciler, Cluster.Client, h.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = TimeSpan.FromHours(1), PollJitter = TimeSpan.Zero }, cache);
        foreach (var app in apps)
        {
            loop.AddOrUpdate(app);
        }

        await ReconcileLoopTests.WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(
                async () => (await h.Statuses.ListAsync()).Count(s => s.SyncStatus == ApplicationSyncStatus.Synced) == apps.Count, "all synced");
            // Let the watch events of the sync come in and their refreshes finish before counting.
            await Task.Delay(500);
            var renders = h.Renders.Calls;
            Cluster.Emulator.RequestLog.Clear();
            var since = DateTimeOffset.UtcNow;
            foreach (var app in apps)
            {
                loop.Refresh(app.QualifiedName);
            }

            await ReconcileHarness.EventuallyAsync(
                async () => (await h.Statuses.ListAsync()).Count(s => s.ReconciledAt > since && s.SyncStatus == ApplicationSyncStatus.Synced) == apps.Count,
                "all refreshed");

            Assert.Multiple(() =>
            {
                Assert.That(h.Renders.Calls, Is.EqualTo(renders), "the same commit and spec are not rendered again");
                Assert.That(Cluster.Emulator.RequestLog.Count("list"), Is.Zero, "the warm cache answers instead of lists");
                Assert.That(Cluster.Emulator.RequestLog.Count("patch"), Is.Zero, "unchanged objects are not dry-run again");
            });
            return 0;
        });
    }
}
