using GitOps.Applications;
using GitOps.Clusters;
using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.Clusters;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

/// <summary>The loop deploying applications to two emulated clusters named in a kubeconfig file.</summary>
[NonParallelizable]
public sealed class ReconcileLoopClustersTests
{
    private TwoClusters _clusters = null!;
    private int _namespaces;

    [OneTimeSetUp]
    public async Task StartClusters() => _clusters = await TwoClusters.StartAsync();

    [OneTimeTearDown]
    public async Task StopClusters() => await _clusters.DisposeAsync();

    private async Task<ReconcileHarness> HarnessAsync(Action<IServiceCollection>? services = null)
    {
        var ns = $"clusters-{Interlocked.Increment(ref _namespaces)}";
        await _clusters.CreateNamespaceAsync(ns);
        return new ReconcileHarness(_clusters.East, ns, services: services);
    }

    private static Application To(Application application, string? name = null, string? server = null) => application with
    {
        Spec = application.Spec with { Destination = application.Spec.Destination with { Name = name, Server = server } },
    };

    private static async Task<string?> LiveValueAsync(ReconcileHarness h, EmulatorFixture cluster, string name)
    {
        var live = await cluster.Client.GetAsync(await h.ConfigMapsAsync(), h.Namespace, name);
        return live?.Root["data"]?["value"]?.GetValue<string>();
    }

    private static Task<int> RunAsync(ReconcileLoop loop, Func<Task> body) => ReconcileLoopTests.WithLoopAsync(loop, async () =>
    {
        await body();
        return 0;
    });

    [Test]
    public async Task RunAsync_DestinationsByNameAndServer_EachApplicationSyncedToItsOwnClusterOnly()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("east-settings", "e", path: "east");
        h.CommitConfigMap("west-settings", "w", path: "west");
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig);
        var loop = new ReconcileLoop(h.Reconciler, registry, h.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = TimeSpan.FromHours(1), PollJitter = TimeSpan.Zero });
        loop.AddOrUpdate(To(h.Application("east", path: "east"), name: "east"));
        loop.AddOrUpdate(To(h.Application("west", path: "west"), server: _clusters.West.Emulator.BaseAddress.ToString()));

        await RunAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => await LiveValueAsync(h, _clusters.East, "east-settings") == "e", "east synced to east");
            await ReconcileHarness.EventuallyAsync(async () => await LiveValueAsync(h, _clusters.West, "west-settings") == "w", "west synced to west");
            await ReconcileHarness.EventuallyAsync(
                async () => (await h.Statuses.ListAsync()).Count(s => s.SyncStatus == ApplicationSyncStatus.Synced) == 2, "both reported Synced");
        });

        Assert.That(await LiveValueAsync(h, _clusters.West, "east-settings"), Is.Null, "east's objects stay out of west");
        Assert.That(await LiveValueAsync(h, _clusters.East, "west-settings"), Is.Null, "west's objects stay out of east");
    }

    [Test]
    public async Task RunAsync_UnknownOrContradictoryDestination_InvalidSpecErrorConditionAndTheLoopGoesOn()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("fine", "1", path: "fine");
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig);
        var loop = new ReconcileLoop(h.Reconciler, registry, h.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = TimeSpan.FromHours(1), PollJitter = TimeSpan.Zero });
        loop.AddOrUpdate(To(h.Application("nowhere", path: "fine"), name: "north"));
        loop.AddOrUpdate(To(h.Application("torn", path: "fine"), name: "east", server: _clusters.West.Emulator.BaseAddress.ToString()));
        loop.AddOrUpdate(To(h.Application("fine", path: "fine"), name: "west"));

        await RunAsync(loop, async () =>
            await ReconcileHarness.EventuallyAsync(
                async () => (await h.Statuses.ListAsync()).Count == 3 && (await h.Statuses.GetAsync(h.Name("fine")))?.SyncStatus == ApplicationSyncStatus.Synced,
                "all three reported, the valid one synced"));

        var nowhere = await h.Statuses.GetAsync(h.Name("nowhere"));
        var torn = await h.Statuses.GetAsync(h.Name("torn"));
        var fine = await h.Statuses.GetAsync(h.Name("fine"));
        Assert.Multiple(() =>
        {
            Assert.That(nowhere!.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Unknown));
            Assert.That(nowhere.Conditions.Single().Type, Is.EqualTo(ApplicationConditionTypes.InvalidSpecError));
            Assert.That(nowhere.Conditions.Single().Message, Does.StartWith("spec.destination: destination cluster 'north' is not registered"));
            Assert.That(torn!.Conditions.Single(c => c.IsError).Message, Does.Contain("disagree"));
            Assert.That(fine!.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
        });
    }

    [Test]
    public async Task RunAsync_WatchedRegistry_DriftInTheSecondClusterSelfHealedWithoutPolling()
    {
        await using var h = await HarnessAsync();
        h.CommitConfigMap("drifting", "1", path: "drift");
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig, new ClusterRegistryOptions { WatchLiveState = true });
        var loop = new ReconcileLoop(h.Reconciler, registry, h.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = TimeSpan.FromHours(1), PollJitter = TimeSpan.Zero });
        loop.AddOrUpdate(To(h.Application("drift", path: "drift", selfHeal: true), name: "west"));

        await RunAsync(loop, async () =>
        {
            await ReconcileHarness.EventuallyAsync(async () => await LiveValueAsync(h, _clusters.West, "drifting") == "1", "the first sync");
            await ReconcileHarness.EventuallyAsync(
                async () => (await h.Statuses.GetAsync(h.Name("drift")))?.SyncStatus == ApplicationSyncStatus.Synced, "reported Synced");
            var configMaps = await h.ConfigMapsAsync();
            await _clusters.West.Client.PatchAsync(configMaps, h.Namespace, "drifting", "application/merge-patch+json",
                new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonObject { ["value"] = "edited" } }, fieldManager: "kubectl-edit");
            // Polling is an hour away: only west's watch can bring the edit to the loop.
            await ReconcileHarness.EventuallyAsync(async () => await LiveValueAsync(h, _clusters.West, "drifting") == "1", "the edit in west reverted");
        });
    }

    [Test]
    public async Task AddClusters_FromKubeconfig_TheContainersLoopDeploysThroughTheRegistry()
    {
        await using var h = await HarnessAsync(s => s.AddGitOpsCore().AddClusters(c => c.AddKubeconfig(_clusters.Kubeconfig)));
        h.CommitConfigMap("wired", "di", path: "wired");
        var loop = h.Services.GetRequiredService<ReconcileLoop>();
        loop.AddOrUpdate(To(h.Application("wired", path: "wired"), name: "west"));

        await RunAsync(loop, async () =>
            await ReconcileHarness.EventuallyAsync(async () => await LiveValueAsync(h, _clusters.West, "wired") == "di", "synced to west through the container's registry"));

        Assert.That(h.Services.GetRequiredService<IClusterRegistry>().Clusters.Select(c => c.Name), Is.EqualTo(new[] { "east", "west" }));
    }
}
