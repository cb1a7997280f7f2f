using System.Text.Json.Nodes;
using GitOps.ApplicationResources;
using GitOps.Cluster;
using GitOps.Tests.Reconcile;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.ApplicationResources;

public sealed class ApplicationResourceWatcherTests : ApplicationResourceTest
{
    [Test]
    public async Task RunAsync_ApplicationCreated_SyncedAndStatusWrittenInArgoCdShape()
    {
        await using var controller = await StartAsync();
        var h = controller.Harness;
        var head = h.Repository.Head();

        await Cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl), "kubectl");

        await EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the application synced");
        await EventuallyAsync(async () => At(await controller.GetAsync(Applications, "web"), "status", "history", "0", "revision") == head
            && At(await controller.GetAsync(Applications, "web"), "status", "sync", "status") == "Synced", "status written with the history");
        var app = await controller.GetAsync(Applications, "web");
        Assert.Multiple(() =>
        {
            Assert.That(At(app, "status", "sync", "revision"), Is.EqualTo(head));
            Assert.That(At(app, "status", "sync", "comparedTo", "source", "path"), Is.EqualTo("app"));
            Assert.That(At(app, "status", "sync", "comparedTo", "destination", "namespace"), Is.EqualTo(h.Namespace));
            Assert.That(At(app, "status", "health", "status"), Is.EqualTo("Healthy"));
            Assert.That(At(app, "status", "resources", "0", "kind"), Is.EqualTo("ConfigMap"));
            Assert.That(At(app, "status", "resources", "0", "version"), Is.EqualTo("v1"));
            Assert.That(At(app, "status", "resources", "0", "name"), Is.EqualTo("settings"));
            Assert.That(At(app, "status", "resources", "0", "status"), Is.EqualTo("Synced"));
            Assert.That(At(app, "status", "operationState", "phase"), Is.EqualTo("Succeeded"));
            Assert.That(At(app, "status", "operationState", "operation", "sync", "revision"), Is.EqualTo(head));
            Assert.That(At(app, "status", "operationState", "syncResult", "resources", "0", "status"), Is.EqualTo("Synced"));
            Assert.That(At(app, "status", "operationState", "finishedAt"), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
            Assert.That(At(app, "status", "history", "0", "id"), Is.EqualTo("1"));
            Assert.That(At(app, "status", "history", "0", "source", "repoURL"), Is.EqualTo(h.Repository.FileUrl));
            Assert.That(At(app, "status", "reconciledAt"), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
            Assert.That(At(app, "status", "conditions"), Is.Null, "no conditions when all went well");
        });
    }

    [Test]
    public async Task RunAsync_SpecChanged_ApplicationUpdatedAndSyncedFromTheNewPath()
    {
        await using var controller = await StartSyncedAsync();
        var h = controller.Harness;
        h.CommitConfigMap("other", "2", path: "other");

        await Cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl, "other"), "kubectl");

        await EventuallyAsync(async () => await h.LiveValueAsync("other") == "2", "the new path synced");
        await EventuallyAsync(async () => await h.LiveValueAsync("settings") is null, "the old path's object pruned");
        Assert.That(controller.Loop.Applications.Single().Spec.Source!.Path, Is.EqualTo("other"));
    }

    [Test]
    public async Task RunAsync_ApplicationDeleted_RemovedFromTheLoopAndItsResourcesKept()
    {
        await using var controller = await StartSyncedAsync();
        var h = controller.Harness;

        await Cluster.Client.DeleteAsync(Applications, h.Namespace, h.Name("web"));

        await EventuallyAsync(() => Task.FromResult(controller.Loop.Applications.Count == 0), "the application removed from the loop");
        Assert.Multiple(async () =>
        {
            Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("1"), "removing an application leaves its resources");
            Assert.That(await controller.Statuses.GetAsync($"{h.Namespace}/{h.Name("web")}"), Is.Null, "its status is forgotten");
        });
    }

    [Test]
    public async Task RunAsync_UnsupportedField_SyncedWithASpecWarningCondition()
    {
        await using var controller = await StartAsync();
        var h = controller.Harness;
        var resource = ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl);
        resource.Root["spec"]!["source"]!["plugin"] = new JsonObject { ["name"] = "cmp" };

        await Cluster.ApplyAsync(resource, "kubectl");

        await EventuallyAsync(async () => At(await controller.GetAsync(Applications, "web"), "status", "sync", "status") == "Synced", "synced despite the warning");
        var app = await controller.GetAsync(Applications, "web");
        Assert.Multiple(() =>
        {
            Assert.That(At(app, "status", "conditions", "0", "type"), Is.EqualTo("SpecWarning"));
            Assert.That(At(app, "status", "conditions", "0", "message"), Does.StartWith("spec.source.plugin: "));
        });
    }

    [Test]
    public async Task RunAsync_InvalidSpec_NotReconciledAndInvalidSpecErrorNamesTheField()
    {
        await using var controller = await StartAsync();
        var h = controller.Harness;
        var resource = ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl);
        resource.Root["spec"]!["syncPolicy"]!["retry"] = new JsonObject { ["limit"] = "abc" };

        await Cluster.ApplyAsync(resource, "kubectl");

        await EventuallyAsync(async () => At(await controller.GetAsync(Applications, "web"), "status", "conditions", "0", "type") == "InvalidSpecError", "the error written");
        var app = await controller.GetAsync(Applications, "web");
        Assert.Multiple(async () =>
        {
            Assert.That(At(app, "status", "conditions", "0", "message"), Does.StartWith("spec.syncPolicy.retry.limit: "));
            Assert.That(At(app, "status", "sync", "status"), Is.EqualTo("Unknown"));
            Assert.That(controller.Loop.Applications, Is.Empty, "an invalid application is not reconciled");
            Assert.That(await h.LiveValueAsync("settings"), Is.Null);
        });

        // Fixing the spec brings it in.
        await Cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl), "kubectl");
        await EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the fixed application synced");
    }

    [Test]
    public async Task RunAsync_WatchExpiredWhileDisconnected_RelistsAndSeesEveryChange()
    {
        await using var small = await EmulatorFixture.StartAsync(new GitOps.Testing.KubernetesEmulatorOptions { WatchHistorySize = 16 });
        var applications = await ApplicationCrd.InstallAsync(small);
        await small.CreateNamespaceAsync("apps");
        var options = new ApplicationResourceOptions { WatchRetryDelay = TimeSpan.FromMilliseconds(1500) };
        var h = RunningController.NewHarness(small, "apps", options);
        h.CommitConfigMap("settings", "1");
        // The first watch drops; while the watcher waits to re-open it, more changes happen than the history keeps.
        small.Emulator.Faults.Add(new GitOps.Testing.Faults.FaultRule { Verb = "watch", Resource = "applications.argoproj.io", Count = 1, Fault = GitOps.Testing.Faults.Fault.DropConnection() });
        await using var controller = await RunningController.StartAsync(h, options);
        for (var i = 0; i < 30; i++)
        {
            var filler = new GitOps.Manifests.ManifestObject(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"filler-{i}", ["namespace"] = "apps" },
            });
            await small.ApplyAsync(filler);
        }

        await small.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl), "kubectl");

        await EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the application created during the outage synced");
        Assert.That(small.Emulator.RequestLog.Count("list", "applications.argoproj.io"), Is.GreaterThanOrEqualTo(2), "the 410 was healed by a relist");
        _ = applications;
    }

    [Test]
    public async Task RunAsync_RefreshAnnotation_RefreshesAndRemovesTheAnnotation()
    {
        await using var controller = await StartSyncedAsync();
        var h = controller.Harness;
        await EventuallyAsync(async () => At(await controller.GetAsync(Applications, "web"), "status", "sync", "status") == "Synced", "status Synced");
        var misses = h.Renders.Misses;

        await Cluster.Client.PatchAsync(Applications, h.Namespace, h.Name("web"), "application/merge-patch+json",
            JsonNode.Parse("""{"metadata":{"annotations":{"argocd.argoproj.io/refresh":"hard"}}}""")!, fieldManager: "kubectl-annotate");

        await EventuallyAsync(async () => At(await controller.GetAsync(Applications, "web"), "metadata", "annotations", "argocd.argoproj.io/refresh") is null, "the annotation removed");
        await EventuallyAsync(() => Task.FromResult(h.Renders.Misses > misses), $"a hard refresh renders again, bypassing the render cache ({h.Renders.Calls} calls, {h.Renders.Misses} misses)");
    }

    [Test]
    public async Task RunAsync_TwoNamespacesWatched_ApplicationsOfBothSyncedAndOthersIgnored()
    {
        var first = await NewNamespaceAsync("team");
        var second = await NewNamespaceAsync("team");
        var unwatched = await NewNamespaceAsync("other");
        var options = new ApplicationResourceOptions { WatchRetryDelay = TimeSpan.FromMilliseconds(100) };
        options.Namespaces.Add(first);
        options.Namespaces.Add(second);
        var h = RunningController.NewHarness(Cluster, first, options);
        h.CommitConfigMap("settings", "1");
        await using var controller = await RunningController.StartAsync(h, options);
        var configMaps = await h.ConfigMapsAsync();

        foreach (var ns in new[] { first, second, unwatched })
        {
            await Cluster.ApplyAsync(ApplicationCrd.Resource($"web-{ns}", ns, h.Repository.FileUrl), "kubectl");
        }

        await EventuallyAsync(async () => await Cluster.Client.GetAsync(configMaps, first, "settings") is not null
            && await Cluster.Client.GetAsync(configMaps, second, "settings") is not null, "the applications of both watched namespaces synced");
        Assert.Multiple(async () =>
        {
            Assert.That(controller.Loop.Applications.Select(a => a.QualifiedName), Is.EquivalentTo(new[] { $"{first}/web-{first}", $"{second}/web-{second}" }));
            Assert.That(await Cluster.Client.GetAsync(configMaps, unwatched, "settings"), Is.Null);
        });
    }

    [Test]
    public async Task RunAsync_WatchClosedByTheServer_ResumedFromItsResourceVersionWithoutRelisting()
    {
        var ns = await NewNamespaceAsync("resume");
        var rule = Cluster.Emulator.Faults.Add(new GitOps.Testing.Faults.FaultRule
        {
            Verb = "watch", Resource = "applications.argoproj.io", Namespace = ns, Count = 3, Fault = GitOps.Testing.Faults.Fault.CloseWatch(TimeSpan.FromMilliseconds(30)),
        });
        var options = new ApplicationResourceOptions { WatchRetryDelay = TimeSpan.FromMilliseconds(50) };
        options.Namespaces.Add(ns);
        var h = RunningController.NewHarness(Cluster, ns, options);
        h.CommitConfigMap("settings", "1");
        await using var controller = await RunningController.StartAsync(h, options);
        await EventuallyAsync(() => Task.FromResult(rule.Fired == 3), "the server closed the watch three times");

        await Cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), ns, h.Repository.FileUrl), "kubectl");

        await EventuallyAsync(async () => await h.LiveValueAsync("settings") == "1", "the application created after the closes synced");
        var requests = Cluster.Emulator.RequestLog.Requests.Where(r => r.Resource == "applications" && r.Namespace == ns).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(requests.Count(r => r.Verb == "list"), Is.EqualTo(1), "closed watches are resumed, not relisted");
            Assert.That(requests.Count(r => r.Verb == "watch"), Is.GreaterThanOrEqualTo(3), "the three closed watches (the open one is logged when it ends)");
        });
        Cluster.Emulator.Faults.Remove(rule);
    }
}
