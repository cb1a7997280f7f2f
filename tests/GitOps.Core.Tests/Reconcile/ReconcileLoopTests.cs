using System.Diagnostics.Metrics;
using GitOps.Applications.Webhooks;
using GitOps.Diagnostics;
using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Sharding;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Tests.Reconcile;

public sealed class ReconcileLoopTests : EmulatorTest
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    private async Task<ReconcileHarness> HarnessAsync(Action<ReconcilerOptions>? configure = null) =>
        new(Cluster, await NewNamespaceAsync("loop"), configure);

    private static ReconcileLoop Loop(ReconcileHarness h, TimeSpan poll, LiveStateCache? cache = null) =>
        new(h.Reconciler, h.Cluster.Client, h.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = poll, PollJitter = TimeSpan.Zero, StatusProcessors = 2, OperationProcessors = 2 }, cache);

    // Runs the loop until the test ends.
    internal static async Task<T> WithLoopAsync<T>(ReconcileLoop loop, Func<Task<T>> body)
    {
        using var stop = new CancellationTokenSource();
        var run = loop.RunAsync(stop.Token);
        try
        {
            return await body();
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
            loop.Dispose();
        }
    }

    [Test]
    public async Task RunAsync_PushedCommit_SyncedWithinOnePollInterval()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var loop = Loop(h, TimeSpan.FromMilliseconds(300));
        loop.AddOrUpdate(h.Application("web"));

        await WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the first sync");
            var head = h.CommitConfigMap("settings", "2");
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "2", "the pushed commit synced by polling", seconds: 5);
            // The status at the new revision is first OutOfSync (compared before the sync), then Synced.
            await ReconcileHarness.EventuallyAsync(
                async () => (await h.Statuses.GetAsync(h.Name("web"))) is { } status && status.Revision == head && status.SyncStatus == ApplicationSyncStatus.Synced,
                "status Synced at the new revision",
                seconds: 5);
            Assert.That(ObserveApplications(), Does.Contain(("Synced", "Healthy")), "the gauge of applications by status");
            return 0;
        });
    }

    [Test]
    public async Task HandlePush_PushToTheApplicationsBranch_SyncsWithoutWaitingForAPoll()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var loop = Loop(h, Never);
        loop.AddOrUpdate(h.Application("web"));

        var matched = await WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the first sync");
            h.CommitConfigMap("settings", "2");
            var refreshed = loop.HandlePush(new GitPushEvent
            {
                Provider = GitWebhookProvider.GitHub,
                RepositoryUrls = [h.Repository.FileUrl],
                Ref = "refs/heads/main",
            });
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "2", "the pushed commit synced after the webhook");
            return refreshed;
        });

        Assert.That(matched.Select(a => a.Name), Is.EqualTo(new[] { h.Name("web") }));
    }

    [Test]
    public async Task HandlePush_PushToAnotherBranch_RefreshesNothing()
    {
        await using var h = await HarnessAsync();
        var loop = Loop(h, Never);
        loop.AddOrUpdate(h.Application("web"));

        var matched = loop.HandlePush(new GitPushEvent { Provider = GitWebhookProvider.GitHub, RepositoryUrls = [h.Repository.FileUrl], Ref = "refs/heads/feature" });
        loop.Dispose();

        Assert.That(matched, Is.Empty);
    }

    [Test]
    public async Task Refresh_KnownApplication_SyncsWithoutWaitingForAPoll()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        var loop = Loop(h, Never);
        loop.AddOrUpdate(h.Application("web"));

        await WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the first sync");
            h.CommitConfigMap("settings", "2");
            Assert.That(loop.Refresh(h.Name("web"), hard: true), Is.True);
            Assert.That(loop.Refresh("no-such-app"), Is.False);
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "2", "the new commit synced after the refresh");
            return 0;
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task RunAsync_LiveEditSeenByLiveStateCache_RevertedOnlyWithSelfHeal(bool selfHeal)
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        await using var cache = new LiveStateCache(Cluster.Client);
        var loop = Loop(h, Never, cache);
        loop.AddOrUpdate(h.Application("web", selfHeal: selfHeal));

        await WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => (await h.Statuses.GetAsync(h.Name("web")))?.SyncStatus == ApplicationSyncStatus.Synced, "the first sync");
            await h.EditLiveAsync("settings", "edited");
            if (selfHeal)
            {
                await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the live edit reverted", seconds: 5);
            }
            else
            {
                await ReconcileHarness.EventuallyAsync(
                    async () => (await h.Statuses.GetAsync(h.Name("web")))?.Conditions.Any(c => c.Type == ApplicationConditionTypes.DriftWarning) == true,
                    "the drift reported", seconds: 5);
                Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("edited"));
            }

            return 0;
        });
    }

    [Test]
    public async Task RunAsync_RealKubectlEdit_RevertedBySelfHeal()
    {
        var kubectl = Tools.Find("kubectl");
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        await using var cache = new LiveStateCache(Cluster.Client);
        var loop = Loop(h, Never, cache);
        loop.AddOrUpdate(h.Application("web", selfHeal: true));
        using var temp = new TempDirectory();
        var kubeconfig = await Cluster.Emulator.WriteKubeconfigAsync(temp.Sub("kubeconfig"));
        // kubectl edit opens $EDITOR on the object; this one changes the value the way a person would.
        var editor = temp.Write("editor.sh", "#!/bin/sh\nsed -i 's/value: \"1\"/value: edited-by-hand/' \"$1\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the first sync");
            var (exitCode, output) = await Tools.RunAsync(kubectl, new Dictionary<string, string> { ["EDITOR"] = editor },
                "--kubeconfig", kubeconfig, "-n", h.Namespace, "edit", "configmap", "settings");
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("configmap/settings edited"));
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the kubectl edit reverted", seconds: 5);
            return 0;
        });
    }

    [Test]
    public async Task LoadDirectoryAsync_ApplicationManifests_AddsAndSyncsThem()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("settings", "1");
        using var folder = new TempDirectory();
        folder.Write("apps/web.yaml", $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: {h.Name("web")}
            spec:
              source:
                repoURL: {h.Repository.FileUrl}
                targetRevision: main
                path: app
              destination:
                namespace: {h.Namespace}
              syncPolicy:
                automated: {"{}"}
            """);
        var loop = Loop(h, Never);

        var read = await loop.LoadDirectoryAsync(folder.Path);

        Assert.That(read.HasErrors, Is.False);
        Assert.That(loop.Applications.Select(a => a.Name), Is.EqualTo(new[] { h.Name("web") }));
        await WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the loaded application synced");
            return 0;
        });
    }

    [Test]
    public async Task Constructor_ZeroPollInterval_FailsNamingTheField()
    {
        await using var h = await HarnessAsync();

        var e = Assert.Throws<OptionsValidationException>(() => _ = new ReconcileLoop(h.Reconciler, Cluster.Client,
            h.Services.GetRequiredService<ISyncStateStore>(), new ReconcileLoopOptions { PollInterval = TimeSpan.Zero }));

        Assert.That(e!.Message, Does.Contain("PollInterval"));
    }

    [Test]
    public async Task AddReconciler_InvalidOptions_FailStartupValidation()
    {
        await using var h = await HarnessAsync();
        using var provider = new ServiceCollection().AddGitOpsCore().AddReconciler(o => o.StatusProcessors = 0).Services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<ReconcileLoopOptions>>().Value);

        Assert.That(e!.Message, Does.Contain("StatusProcessors"));
    }

    [Test]
    public async Task RunAsync_RunningOperationInStore_ResumedOnStart()
    {
        await using var h = await HarnessAsync();
        var head = h.CommitConfigMap("settings", "1");
        var store = h.Services.GetRequiredService<ISyncStateStore>();
        var app = h.Application("web", automated: false);
        await store.SaveAsync(new OperationState
        {
            Id = "interrupted",
            ApplicationName = ApplicationReconciler.TrackingName(app),
            Revision = head,
            StartedAt = DateTimeOffset.UtcNow,
        });
        var loop = Loop(h, Never);
        loop.AddOrUpdate(app);

        await WithLoopAsync(loop, async () =>
        {
            // A manual application syncs only because the interrupted operation is resumed.
            await ReconcileHarness.EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the interrupted operation resumed");
            await ReconcileHarness.EventuallyAsync(async () => (await store.LoadAsync(ApplicationReconciler.TrackingName(app)))?.Phase == OperationPhase.Succeeded, "the operation finished");
            return 0;
        });
    }

    [Test]
    public async Task RunAsync_WithShardCoordinator_ReconcilesOnlyOwnedApplicationsAndTakesOverOnLeave()
    {
        await using var h = await HarnessAsync();
        ShardCoordinator Replica(string identity) => new(Cluster.Client, new ShardingOptions
        {
            Namespace = h.Namespace, Group = "loop", Identity = identity,
            LeaseDuration = TimeSpan.FromMilliseconds(1200), RenewInterval = TimeSpan.FromMilliseconds(300),
        });
        await using var mine = Replica("mine");
        await using var other = Replica("other");
        await mine.StartAsync();
        await other.StartAsync();
        // A newcomer owns nothing for one lease duration; wait until both replicas own their shares.
        await ReconcileHarness.EventuallyAsync(
            () => Task.FromResult(mine.Members.Count == 2 && other.Members.Count == 2 && mine.Owns("probe") != other.Owns("probe")), "both replicas own their shares");
        // Three applications each replica owns (rendezvous hashing is deterministic, so this picks the same ones each run).
        var candidates = Enumerable.Range(0, 40).Select(i => h.Application($"s{i}", path: $"s{i}")).ToList();
        var apps = candidates.Where(a => mine.Owns(a.QualifiedName)).Take(3).Concat(candidates.Where(a => !mine.Owns(a.QualifiedName)).Take(3)).ToList();
        var owned = apps.Where(a => mine.Owns(a.QualifiedName)).Select(a => a.Name).ToHashSet();
        Assert.That(owned, Has.Count.EqualTo(3));
        Assert.That(apps, Has.Count.EqualTo(6));
        foreach (var app in apps)
        {
            h.CommitConfigMap(app.Spec.Source!.Path, "1", path: app.Spec.Source.Path);
        }

        var loop = new ReconcileLoop(h.Reconciler, Cluster.Client, h.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = Never, PollJitter = TimeSpan.Zero }, shards: mine);
        foreach (var app in apps)
        {
            loop.AddOrUpdate(app);
        }

        await WithLoopAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => (await h.Statuses.ListAsync()).Count == owned.Count, "the owned applications reconciled");
            await Task.Delay(300);
            Assert.That((await h.Statuses.ListAsync()).Select(s => s.Application), Is.EquivalentTo(owned), "only owned applications are reconciled");

            await other.StopAsync();
            await ReconcileHarness.EventuallyAsync(async () => (await h.Statuses.ListAsync()).Count == apps.Count, "the leaving replica's applications taken over");
            return 0;
        });
    }

    private static List<(string Sync, string Health)> ObserveApplications()
    {
        var seen = new List<(string, string)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == GitOpsTelemetry.Meter && instrument.Name == "gitops.applications")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            for (var i = 0; i < value; i++)
            {
                seen.Add((all.Single(t => t.Key == "sync_status").Value!.ToString()!, all.Single(t => t.Key == "health_status").Value!.ToString()!));
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
