using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

public sealed class ReconcileLoopOperationsTests : EmulatorTest
{
    private static ReconcileLoop Loop(ReconcileHarness h) =>
        new(h.Reconciler, h.Cluster.Client, h.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = TimeSpan.FromHours(1), PollJitter = TimeSpan.Zero, StatusProcessors = 1, OperationProcessors = 1 });

    private static async Task RunningAsync(ReconcileLoop loop, Func<Task> body)
    {
        using var stop = new CancellationTokenSource();
        var run = loop.RunAsync(stop.Token);
        try
        {
            await body();
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
            loop.Dispose();
        }
    }

    [Test]
    public async Task SyncAsync_ManualApplicationOutOfSync_SyncsAndPublishesSynced()
    {
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("ops"));
        var head = h.CommitConfigMap("settings", "1");
        var loop = Loop(h);
        loop.AddOrUpdate(h.Application("web", automated: false));

        await RunningAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => (await h.Statuses.GetAsync(h.Name("web")))?.SyncStatus == ApplicationSyncStatus.OutOfSync, "OutOfSync before the sync");
            Assert.That(await h.LiveValueAsync("settings"), Is.Null, "a manual application is not synced by the loop");

            var operation = await loop.SyncAsync(h.Name("web"));

            Assert.That(operation.Phase, Is.EqualTo(OperationPhase.Succeeded), operation.Message);
            Assert.That(operation.Revision, Is.EqualTo(head));
            Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"));
            await ReconcileHarness.EventuallyAsync(async () => (await h.Statuses.GetAsync(h.Name("web"))) is { SyncStatus: ApplicationSyncStatus.Synced, History.Count: 1 },
                "the refresh after the operation publishes Synced with one history entry");
        });
    }

    [Test]
    public async Task SyncAsync_OperationAlreadyRunning_RefusedNamingTheApplication()
    {
        var gate = new GatedSyncEngine();
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("ops"), services: s =>
        {
            s.AddSingleton<SyncEngine>();
            s.AddSingleton<ISyncEngine>(sp => gate.Wrap(sp.GetRequiredService<SyncEngine>()));
        });
        h.CommitConfigMap("settings", "1");
        var loop = Loop(h);
        loop.AddOrUpdate(h.Application("web", automated: false));

        var first = loop.SyncAsync(h.Name("web"));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.That(loop.IsOperationRunning(h.Name("web")), Is.True);
        var second = Assert.ThrowsAsync<InvalidOperationException>(() => loop.SyncAsync(h.Name("web")));
        var rollback = Assert.ThrowsAsync<InvalidOperationException>(() => loop.RollbackAsync(h.Name("web"), 1));
        gate.Release.SetResult();
        var done = await first;
        loop.Dispose();

        Assert.That(second!.Message, Does.Contain(h.Name("web")).And.Contain("operation running"));
        Assert.That(rollback!.Message, Does.Contain("operation running"));
        Assert.That(done.Phase, Is.EqualTo(OperationPhase.Succeeded));
        Assert.That(gate.Calls, Is.EqualTo(1));
        Assert.That(loop.IsOperationRunning(h.Name("web")), Is.False);
    }

    [Test]
    public async Task RollbackAsync_ToFirstHistoryEntry_RestoresItsManifests()
    {
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("ops"));
        var first = h.CommitConfigMap("settings", "1");
        var loop = Loop(h);
        loop.AddOrUpdate(h.Application("web", automated: false));
        await loop.SyncAsync(h.Name("web"));
        h.CommitConfigMap("settings", "2");
        await loop.SyncAsync(h.Name("web"));
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("2"));

        var operation = await loop.RollbackAsync(h.Name("web"), historyId: 1);
        loop.Dispose();

        Assert.That(operation.Phase, Is.EqualTo(OperationPhase.Succeeded), operation.Message);
        Assert.That(operation.Revision, Is.EqualTo(first));
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"));
    }

    [Test]
    public async Task CompareAsync_LiveDrift_ReturnsUnifiedDiffWithoutSyncing()
    {
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("ops"));
        h.CommitConfigMap("settings", "1");
        var loop = Loop(h);
        loop.AddOrUpdate(h.Application("web", automated: false));
        await loop.SyncAsync(h.Name("web"));
        await h.EditLiveAsync("settings", "edited");

        var comparison = await loop.CompareAsync(h.Name("web"));
        loop.Dispose();

        var resource = comparison.Resources.Single(r => r.Key.Name == "settings");
        Assert.That(comparison.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
        Assert.That(resource.Diff!.UnifiedDiff, Does.Contain("-  value: edited").And.Contain("+  value: \"1\""));
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("edited"), "comparing changes nothing");
    }

    [Test]
    public async Task Operations_UnknownApplication_ThrowKeyNotFound()
    {
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("ops"));
        using var loop = Loop(h);
        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<KeyNotFoundException>(() => loop.SyncAsync("nope"));
            Assert.ThrowsAsync<KeyNotFoundException>(() => loop.RollbackAsync("nope", 0));
            Assert.ThrowsAsync<KeyNotFoundException>(() => loop.CompareAsync("nope"));
        });
    }
}
