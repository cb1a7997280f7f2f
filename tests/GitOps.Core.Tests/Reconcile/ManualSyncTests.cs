using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

public sealed class ManualSyncTests : EmulatorTest
{
    private async Task<ReconcileHarness> HarnessAsync() => new(Cluster, await NewNamespaceAsync("manual"));

    [Test]
    public async Task SyncNowAsync_ManualPolicy_SyncsAndRecordsHistory()
    {
        await using var h = await HarnessAsync();
        var head = h.CommitConfigMap("settings", "1");
        var app = h.Application("web", automated: false);

        var before = await h.Reconciler.ReconcileAsync(app, h.Context());
        var operation = await h.Reconciler.SyncNowAsync(app, null, h.Context());
        var after = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.Multiple(async () =>
        {
            Assert.That(before.Synced, Is.False, "a manual policy does not sync on its own");
            Assert.That(operation.Phase, Is.EqualTo(OperationPhase.Succeeded), operation.Message);
            Assert.That(operation.Revision, Is.EqualTo(head));
            Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"));
            Assert.That(after.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(after.Status.History.Select(e => e.Revision), Is.EqualTo(new[] { head }));
        });
    }

    [Test]
    public async Task SyncNowAsync_DryRun_ChangesNothingAndRecordsNoHistory()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web", automated: false);

        var operation = await h.Reconciler.SyncNowAsync(app, new ManualSyncOptions { DryRun = true }, h.Context());
        var history = await h.Services.GetRequiredService<ISyncHistoryStore>().ListAsync(ApplicationReconciler.TrackingName(app));

        Assert.Multiple(async () =>
        {
            Assert.That(operation.Phase, Is.EqualTo(OperationPhase.Succeeded), operation.Message);
            Assert.That(operation.DryRun, Is.True);
            Assert.That(await h.LiveValueAsync("settings"), Is.Null);
            Assert.That(history, Is.Empty);
        });
    }

    [Test]
    public async Task SyncNowAsync_Prune_DeletesWhatGitNoLongerHasEvenWithoutPrunePolicy()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("a", "1");
        h.CommitConfigMap("b", "1");
        var app = h.Application("web", automated: false);
        await h.Reconciler.SyncNowAsync(app, null, h.Context());
        h.RemoveFile("a");

        await h.Reconciler.SyncNowAsync(app, null, h.Context());
        var kept = await h.LiveValueAsync("a");
        var operation = await h.Reconciler.SyncNowAsync(app, new ManualSyncOptions { Prune = true }, h.Context());

        Assert.Multiple(async () =>
        {
            Assert.That(kept, Is.EqualTo("1"), "without --prune the extraneous object stays");
            Assert.That(operation.Phase, Is.EqualTo(OperationPhase.Succeeded), operation.Message);
            Assert.That(await h.LiveValueAsync("a"), Is.Null);
            Assert.That(await h.LiveValueAsync("b"), Is.EqualTo("1"));
        });
    }
}
