using System.Diagnostics.Metrics;
using GitOps.Applications.SyncWindows;
using GitOps.Diagnostics;
using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Health;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

public sealed class ApplicationReconcilerTests : EmulatorTest
{
    private async Task<ReconcileHarness> HarnessAsync(Action<ReconcilerOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        new(Cluster, await NewNamespaceAsync("rec"), configure, services);

    [Test]
    public async Task ReconcileAsync_AutomatedOutOfSync_SyncsAndPublishesStatus()
    {
        await using var h = await HarnessAsync();
        var head = h.CommitConfigMap("settings", "1");

        var result = await h.Reconciler.ReconcileAsync(h.Application("web"), h.Context());

        Assert.That(result.Synced, Is.True);
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"));
        var status = await h.Statuses.GetAsync(h.Name("web"));
        Assert.That(status, Is.Not.Null);
        Assert.That(status!.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
        Assert.That(status.Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
        Assert.That(status.Revision, Is.EqualTo(head));
        Assert.That(status.Operation?.Phase, Is.EqualTo(OperationPhase.Succeeded));
        Assert.That(status.History.Select(e => e.Revision), Is.EqualTo(new[] { head }));
        Assert.That(status.Resources.Select(r => (r.Key.Name, r.Status)), Is.EqualTo(new[] { ("settings", ResourceSyncStatus.Synced) }));
        Assert.That(status.Conditions, Is.Empty);
    }

    [Test]
    public async Task ReconcileAsync_ManualPolicy_OnlyReportsOutOfSync()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");

        var result = await h.Reconciler.ReconcileAsync(h.Application("web", automated: false), h.Context());

        Assert.That(result.Synced, Is.False);
        Assert.That(result.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
        Assert.That(await h.LiveValueAsync("settings"), Is.Null);
    }

    [Test]
    public async Task ReconcileAsync_NothingChangedWithWarmLiveStateCache_NeitherRendersNorLists()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        await using var cache = new LiveStateCache(Cluster.Client);
        var app = h.Application("web");
        await h.Reconciler.ReconcileAsync(app, h.Context(cache));
        // The cache learns of the synced object through its watch, a moment after the sync.
        await ReconcileHarness.EventuallyAsync(
            async () => (await h.Reconciler.ReconcileAsync(app, h.Context(cache))).Status.SyncStatus == ApplicationSyncStatus.Synced,
            "the watch cache sees the synced object", seconds: 5);
        var renders = h.Renders.Calls;
        Cluster.Emulator.RequestLog.Clear();

        var idle = await h.Reconciler.ReconcileAsync(app, h.Context(cache));

        Assert.That(idle.Rendered, Is.False);
        Assert.That(idle.Synced, Is.False);
        Assert.That(idle.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
        Assert.That(h.Renders.Calls, Is.EqualTo(renders), "an unchanged revision and spec must not render");
        Assert.That(Cluster.Emulator.RequestLog.Count("list"), Is.Zero, "a warm cache must answer the comparison");
    }

    [Test]
    public async Task ReconcileAsync_NewCommit_RendersAgainAndSyncsIt()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web");
        await h.Reconciler.ReconcileAsync(app, h.Context());
        var head = h.CommitConfigMap("settings", "2");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(result.Rendered, Is.True);
        Assert.That(result.Synced, Is.True);
        Assert.That(result.Status.Revision, Is.EqualTo(head));
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("2"));
    }

    [Test]
    public async Task ReconcileAsync_HardRefresh_BypassesRenderCache()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web");
        await h.Reconciler.ReconcileAsync(app, h.Context());
        // Another application with the same source hits the render cache the first one filled.
        await h.Reconciler.ReconcileAsync(app with { Metadata = app.Metadata with { Name = h.Name("web2") } }, h.Context() with { DeferSync = true });
        var misses = h.Renders.Misses;
        var calls = h.Renders.Calls;

        var hard = await h.Reconciler.ReconcileAsync(app, h.Context(hard: true));

        Assert.That(hard.Rendered, Is.True);
        Assert.That(h.Renders.Calls, Is.EqualTo(calls + 1));
        Assert.That(h.Renders.Misses, Is.EqualTo(misses + 1), "a hard refresh renders afresh");
    }

    [Test]
    public async Task ReconcileAsync_LiveEditWithSelfHeal_RevertsIt()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web", selfHeal: true);
        await h.Reconciler.ReconcileAsync(app, h.Context());
        await h.EditLiveAsync("settings", "edited");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(result.Synced, Is.True);
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"));
        Assert.That(result.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
    }

    [Test]
    public async Task ReconcileAsync_LiveEditWithoutSelfHeal_OnlyReportsDrift()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web", selfHeal: false);
        await h.Reconciler.ReconcileAsync(app, h.Context());
        await h.EditLiveAsync("settings", "edited");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(result.Synced, Is.False);
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("edited"));
        Assert.That(result.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
        Assert.That(result.Status.Conditions.Select(c => c.Type), Does.Contain(ApplicationConditionTypes.DriftWarning));
    }

    [Test]
    public async Task ReconcileAsync_LiveEditOfIgnoredField_IsNoDrift()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web", selfHeal: true);
        app = app with { Spec = app.Spec with { IgnoreDifferences = [new GitOps.Diff.IgnoreDifferencesRule { Kind = "ConfigMap", JsonPointers = ["/data/value"] }] } };
        await h.Reconciler.ReconcileAsync(app, h.Context());
        await h.EditLiveAsync("settings", "edited");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(result.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
        Assert.That(result.Synced, Is.False);
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("edited"));
    }

    [Test]
    public async Task ReconcileAsync_RepeatedDrift_SelfHealsWithBackoff()
    {
        await using var h = await HarnessAsync(o => o.SelfHealBackoff = TimeSpan.FromMilliseconds(300));
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web", selfHeal: true);
        await h.Reconciler.ReconcileAsync(app, h.Context());
        await h.EditLiveAsync("settings", "edit-1");
        await HealAsync(h, app);
        await h.EditLiveAsync("settings", "edit-2");

        var early = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(early.Synced, Is.False, "a self-heal waits for the backoff after the last operation");
        Assert.That(early.RequeueAt, Is.Not.Null);
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("edit-2"));
        Assert.That(early.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
        await HealAsync(h, app);
        Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"));
    }

    // Reconciles until a self-heal runs, waiting out each backoff the reconcile names.
    private static async Task HealAsync(ReconcileHarness h, GitOps.Applications.Application app)
    {
        for (var i = 0; i < 5; i++)
        {
            var result = await h.Reconciler.ReconcileAsync(app, h.Context());
            if (result.Synced)
            {
                return;
            }

            Assert.That(result.RequeueAt, Is.Not.Null, "a drift with self-heal on is either healed or given a time to heal");
            var wait = result.RequeueAt!.Value - DateTimeOffset.UtcNow;
            await Task.Delay(wait > TimeSpan.Zero ? wait + TimeSpan.FromMilliseconds(10) : TimeSpan.Zero);
        }

        Assert.Fail("not healed");
    }

    [Test]
    public async Task ReconcileAsync_DependencyNotSyncedAndHealthy_WaitsForIt()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("a-settings", "1", path: "a");
        h.CommitConfigMap("b-settings", "1", path: "b");
        var a = h.Application("a", path: "a");
        var b = h.Application("b", path: "b", dependsOn: ["a"]);

        var blocked = await h.Reconciler.ReconcileAsync(b, h.Context());
        Assert.That(blocked.Synced, Is.False);
        Assert.That(blocked.Status.Conditions.Single(c => c.Type == ApplicationConditionTypes.SyncBlockedWarning).Message, Does.Contain($"application {h.Name("a")}"));
        Assert.That(await h.LiveValueAsync("b-settings"), Is.Null);

        await h.Reconciler.ReconcileAsync(a, h.Context());
        var after = await h.Reconciler.ReconcileAsync(b, h.Context());

        Assert.That(after.Synced, Is.True);
        Assert.That(await h.LiveValueAsync("b-settings"), Is.EqualTo("1"));
    }

    [TestCase("deny", false)]
    [TestCase("allow", true)]
    public async Task ReconcileAsync_ActiveSyncWindow_GatesAutomatedSync(string kind, bool syncs)
    {
        await using var h = await HarnessAsync(o => o.SyncWindows.Add(SyncWindow.Create(kind, "* * * * *", "1h") with { Applications = ["*"] }));
        h.CommitConfigMap("settings", "1");

        var result = await h.Reconciler.ReconcileAsync(h.Application("web"), h.Context());

        Assert.That(result.Synced, Is.EqualTo(syncs));
        Assert.That(await h.LiveValueAsync("settings"), syncs ? Is.EqualTo("1") : Is.Null);
        Assert.That(result.Status.Conditions.Any(c => c.Type == ApplicationConditionTypes.SyncBlockedWarning), Is.EqualTo(!syncs));
    }

    [Test]
    public async Task ReconcileAsync_InactiveAllowWindow_BlocksAutomatedSync()
    {
        // An allow window that is not open now (it opens for a minute twelve hours from now) closes automated syncs.
        await using var h = await HarnessAsync(o => o.SyncWindows.Add(SyncWindow.Create("allow", $"0 {(DateTime.UtcNow.Hour + 12) % 24} * * *", "1m") with { Applications = ["web-*"] }));
        h.CommitConfigMap("settings", "1");

        var result = await h.Reconciler.ReconcileAsync(h.Application("web"), h.Context());

        Assert.That(result.Synced, Is.False);
        Assert.That(result.RequeueAt, Is.Not.Null, "the reconcile says when the window opens");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ReconcileAsync_EmptyRender_PrunesAllOnlyWithAllowEmpty(bool allowEmpty)
    {
        await using var h = await HarnessAsync();
        h.Repository.WriteFile("app/README.md", "configuration lives here");
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web", prune: true, allowEmpty: allowEmpty);
        await h.Reconciler.ReconcileAsync(app, h.Context());
        h.Repository.Delete("app/settings.yaml");
        h.Repository.Commit("remove everything");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(result.Synced, Is.EqualTo(allowEmpty));
        Assert.That(await h.LiveValueAsync("settings"), allowEmpty ? Is.Null : Is.EqualTo("1"));
        if (!allowEmpty)
        {
            Assert.That(result.Status.Conditions.Single(c => c.Type == ApplicationConditionTypes.SyncError).Message, Does.Contain("allowEmpty"));
        }
    }

    [Test]
    public async Task ReconcileAsync_ConcurrentReconciles_RunOneOperationPerApplication()
    {
        var gate = new GatedSyncEngine();
        await using var h = await HarnessAsync(services: s =>
        {
            s.AddSingleton<SyncEngine>();
            s.AddSingleton(gate);
            s.AddSingleton<ISyncEngine>(sp => gate.Wrap(sp.GetRequiredService<SyncEngine>()));
        });
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web");

        var first = h.Reconciler.ReconcileAsync(app, h.Context());
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var second = await h.Reconciler.ReconcileAsync(app, h.Context());
        gate.Release.SetResult();
        var firstResult = await first;

        Assert.That(second.Synced, Is.False, "the second reconcile finds an operation running");
        Assert.That(firstResult.Synced, Is.True);
        Assert.That(gate.Calls, Is.EqualTo(1));
        Assert.That(gate.MaxConcurrent, Is.EqualTo(1));
    }

    [Test]
    public async Task ReconcileAsync_FailedSync_NotRetriedWithoutRetryPolicy()
    {
        await using var h = await HarnessAsync();
        // A ConfigMap with an invalid name fails to apply.
        h.CommitConfigMap("Bad_Name", "1");
        var app = h.Application("web");
        var first = await h.Reconciler.ReconcileAsync(app, h.Context());
        Assert.That(first.Status.Operation?.Phase, Is.AnyOf(OperationPhase.Failed, OperationPhase.Error));

        var second = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(second.Synced, Is.False);
        Assert.That(second.Status.Conditions.Single(c => c.Type == ApplicationConditionTypes.SyncError).Message, Does.Contain("retry policy allows no more"));
    }

    [Test]
    public async Task ReconcileAsync_UnreachableRepository_ReportsComparisonError()
    {
        await using var h = await HarnessAsync();
        var app = h.Application("web") with { };
        app = app with { Spec = app.Spec with { Source = app.Spec.Source! with { RepoUrl = h.Repository.FileUrl + "-missing" } } };

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(result.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Unknown));
        Assert.That(result.Status.Conditions.Single().Type, Is.EqualTo(ApplicationConditionTypes.ComparisonError));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ReconcileAsync_DirectorySourceOptions_MappedToTheDirectoryRenderer(bool recurse)
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("top", "1");
        h.CommitConfigMap("nested", "1", path: "app/sub");
        var app = h.Application("web");
        app = app with { Spec = app.Spec with { Source = app.Spec.Source! with { Directory = new GitOps.Applications.DirectorySourceOptions { Recurse = recurse } } } };

        await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(await h.LiveValueAsync("top"), Is.EqualTo("1"));
        Assert.That(await h.LiveValueAsync("nested"), recurse ? Is.EqualTo("1") : Is.Null);
    }

    [Test]
    public async Task ReconcileAsync_AutomatedSync_RecordsDurationAndSyncMetrics()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var syncs = new List<string>();
        var durations = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == GitOpsTelemetry.Meter && instrument.Name is "gitops.reconcile.syncs" or "gitops.reconcile.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (syncs)
            {
                syncs.Add(tags.ToArray().Single(t => t.Key == "result").Value!.ToString()!);
            }
        });
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref durations));
        listener.Start();

        await h.Reconciler.ReconcileAsync(h.Application("web"), h.Context());

        Assert.That(syncs, Is.EqualTo(new[] { "Succeeded" }));
        Assert.That(durations, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task RollbackAsync_ToEarlierHistoryEntry_SyncsExactlyThatRevision()
    {
        await using var h = await HarnessAsync();
        var first = h.CommitConfigMap("settings", "1");
        await h.Reconciler.ReconcileAsync(h.Application("web"), h.Context());
        h.CommitConfigMap("settings", "2");
        await h.Reconciler.ReconcileAsync(h.Application("web"), h.Context());
        var manual = h.Application("web", automated: false);
        var history = await h.Services.GetRequiredService<ISyncHistoryStore>().ListAsync(GitOps.Reconcile.ApplicationReconciler.TrackingName(manual));
        var entry = history.Single(e => e.Revision == first);

        var operation = await h.Reconciler.RollbackAsync(manual, entry.Id, h.Context());
        var after = await h.Services.GetRequiredService<ISyncHistoryStore>().ListAsync(GitOps.Reconcile.ApplicationReconciler.TrackingName(manual));

        Assert.Multiple(async () =>
        {
            Assert.That(operation.Phase, Is.EqualTo(OperationPhase.Succeeded), operation.Message);
            Assert.That(operation.Revision, Is.EqualTo(first));
            Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"));
            Assert.That(after.Select(e => e.Revision), Is.EqualTo(new[] { first, history[1].Revision, first }));
        });
    }

    [Test]
    public async Task RollbackAsync_AutomatedOrUnknownEntry_RefusedWithReason()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        await h.Reconciler.ReconcileAsync(h.Application("web"), h.Context());

        Assert.Multiple(() =>
        {
            Assert.That(async () => await h.Reconciler.RollbackAsync(h.Application("web"), 1, h.Context()),
                Throws.InvalidOperationException.With.Message.Contains("automated sync"));
            Assert.That(async () => await h.Reconciler.RollbackAsync(h.Application("web", automated: false), 99, h.Context()),
                Throws.InvalidOperationException.With.Message.Contains("no history entry 99").And.Message.Contains("1"));
        });
    }

    [Test]
    public async Task ReconcileAsync_CommitsAddChangeRemove_SyncedCommitByCommitWithPrune()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("a", "1");
        var app = h.Application("web", prune: true);
        await h.Reconciler.ReconcileAsync(app, h.Context());
        h.CommitConfigMap("b", "1");
        await h.Reconciler.ReconcileAsync(app, h.Context());
        h.CommitConfigMap("a", "2");
        await h.Reconciler.ReconcileAsync(app, h.Context());
        h.RemoveFile("a");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.Multiple(async () =>
        {
            Assert.That(result.Synced, Is.True);
            Assert.That(await h.LiveValueAsync("a"), Is.Null, "removed from Git, pruned");
            Assert.That(await h.LiveValueAsync("b"), Is.EqualTo("1"));
            Assert.That(result.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(result.Status.History, Has.Count.EqualTo(4));
        });
    }
}
