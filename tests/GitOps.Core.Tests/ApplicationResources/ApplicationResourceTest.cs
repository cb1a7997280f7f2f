using System.Text.Json.Nodes;
using GitOps.ApplicationResources;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Tests.Reconcile;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.ApplicationResources;

/// <summary>An emulated cluster with the Application CRD installed, and controllers watching a namespace of their own.</summary>
public abstract class ApplicationResourceTest : EmulatorTest
{
    internal ApiResource Applications { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task InstallCrd() => Applications = await ApplicationCrd.InstallAsync(Cluster);

    // A running controller watching a fresh namespace whose repository has app/settings.yaml committed.
    internal async Task<RunningController> StartAsync(Action<ApplicationResourceOptions>? configure = null)
    {
        var ns = await NewNamespaceAsync("apps");
        var options = new ApplicationResourceOptions { WatchRetryDelay = TimeSpan.FromMilliseconds(100) };
        options.Namespaces.Add(ns);
        configure?.Invoke(options);
        var h = RunningController.NewHarness(Cluster, ns, options);
        h.CommitConfigMap("settings", "1");
        return await RunningController.StartAsync(h, options);
    }

    // The same, with the application "web" created and synced, and its synced status written.
    internal async Task<RunningController> StartSyncedAsync(Action<ApplicationResourceOptions>? configure = null)
    {
        var controller = await StartAsync(configure);
        await Cluster.ApplyAsync(ApplicationCrd.Resource(controller.Harness.Name("web"), controller.Harness.Namespace, controller.Harness.Repository.FileUrl), "kubectl");
        await EventuallyAsync(async () => await controller.Harness.LiveValueAsync("settings") == "1", "the application synced");
        await EventuallyAsync(async () => At(await controller.GetAsync(Applications, "web"), "status", "history", "0", "id") == "1"
            && At(await controller.GetAsync(Applications, "web"), "status", "sync", "status") == "Synced", "the synced status written");
        return controller;
    }

    internal static Task EventuallyAsync(Func<Task<bool>> condition, string what) => ReconcileHarness.EventuallyAsync(condition, what);

    internal static string? At(ManifestObject? o, params string[] path)
    {
        JsonNode? node = o?.Root;
        foreach (var p in path)
        {
            node = node is JsonArray a && int.TryParse(p, out var i) ? (i < a.Count ? a[i] : null) : node?[p];
        }

        return node?.ToString();
    }
}
