using GitOps.ApplicationResources;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.ApplicationResources;

public sealed class ApplicationEventRecorderTests : ApplicationResourceTest
{
    private static readonly ApiResource Events = new(string.Empty, "v1", "Event", "events", true, ["list"]);

    private async Task<IReadOnlyList<ManifestObject>> EventsOfAsync(string ns, string application) =>
        (await Cluster.Client.ListAsync(Events, ns, new ListOptions { FieldSelector = $"involvedObject.name={application}" })).Items;

    [Test]
    public async Task RunAsync_ApplicationSynced_RecordsArgoCdEvents()
    {
        await using var controller = await StartSyncedAsync();
        var h = controller.Harness;
        var head = h.Repository.Head();

        await EventuallyAsync(async () => (await EventsOfAsync(h.Namespace, h.Name("web"))).Any(e => At(e, "reason") == "ResourceUpdated"), "the status change recorded");
        var events = await EventsOfAsync(h.Namespace, h.Name("web"));
        var app = await controller.GetAsync(Applications, "web");
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => (At(e, "reason"), At(e, "message"))), Is.SupersetOf(new[]
            {
                ("OperationStarted", $"Initiated sync to {head}"),
                ("OperationCompleted", $"Sync operation to {head} succeeded"),
                ("ResourceUpdated", "Updated sync status: OutOfSync -> Synced"),
                ("ResourceUpdated", "Updated health status: Missing -> Healthy"),
            }));
            var started = events.First(e => At(e, "reason") == "OperationStarted");
            Assert.That(At(started, "involvedObject", "kind"), Is.EqualTo("Application"));
            Assert.That(At(started, "involvedObject", "apiVersion"), Is.EqualTo("argoproj.io/v1alpha1"));
            Assert.That(At(started, "involvedObject", "uid"), Is.EqualTo(At(app, "metadata", "uid")));
            Assert.That(At(started, "type"), Is.EqualTo("Normal"));
            Assert.That(At(started, "source", "component"), Is.EqualTo("gitops-application-controller"));
        });
    }

    [Test]
    public async Task RecordAsync_SameEventRepeated_CountedOnOneEvent()
    {
        var ns = await NewNamespaceAsync("events");
        var recorder = new ApplicationEventRecorder(Cluster.Client, new ApplicationResourceOptions());
        var app = new ApplicationResourceReference(ns, "web", Guid.NewGuid().ToString(), "1");

        for (var i = 0; i < 3; i++)
        {
            await recorder.RecordAsync(app, ApplicationEventRecorder.Warning, ApplicationEventReasons.OperationCompleted, "Sync operation to abc failed: boom");
        }

        await recorder.RecordAsync(app, ApplicationEventRecorder.Normal, ApplicationEventReasons.OperationCompleted, "Sync operation to def succeeded");

        var events = await EventsOfAsync(ns, "web");
        Assert.Multiple(() =>
        {
            Assert.That(events, Has.Count.EqualTo(2));
            Assert.That(At(events.Single(e => At(e, "type") == "Warning"), "count"), Is.EqualTo("3"));
            Assert.That(At(events.Single(e => At(e, "type") == "Normal"), "count"), Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task Kubectl_ApplicationsAndEvents_ReadAsArgoCdOnes()
    {
        var kubectl = Tools.Find("kubectl");
        await using var controller = await StartSyncedAsync();
        var h = controller.Harness;
        using var temp = new TempDirectory();
        var kubeconfig = await Cluster.Emulator.WriteKubeconfigAsync(temp.Sub("kubeconfig"));

        var (code, table) = await Tools.RunAsync(kubectl, null, "--kubeconfig", kubeconfig, "get", "applications", "-n", h.Namespace);
        var (_, sync) = await Tools.RunAsync(kubectl, null, "--kubeconfig", kubeconfig, "get", "app", h.Name("web"), "-n", h.Namespace,
            "-o", "jsonpath={.status.sync.status}/{.status.health.status}/{.status.operationState.phase}/{.status.history[0].id}");
        var (_, events) = await Tools.RunAsync(kubectl, null, "--kubeconfig", kubeconfig, "get", "events", "-n", h.Namespace,
            "--field-selector", $"involvedObject.name={h.Name("web")}", "-o", "custom-columns=REASON:.reason,COUNT:.count");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, table);
            Assert.That(table, Does.Match(@"NAME\s+SYNC STATUS\s+HEALTH STATUS"));
            Assert.That(table, Does.Match($@"{h.Name("web")}\s+Synced\s+Healthy"));
            Assert.That(sync, Is.EqualTo("Synced/Healthy/Succeeded/1"));
            Assert.That(events, Does.Contain("OperationStarted").And.Contain("OperationCompleted"));
        });
    }
}
