using System.Diagnostics.Metrics;
using GitOps.ApplicationResources;
using GitOps.Reconcile;
using GitOps.Testing.Faults;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.ApplicationResources;

public sealed class ApplicationResourceStatusStoreTests : ApplicationResourceTest
{
    private const string ApplicationWrites = "applications.argoproj.io";

    [Test]
    public async Task SaveAsync_IdleReconciles_WriteNoStatus()
    {
        await using var controller = await StartSyncedAsync();
        var name = $"{controller.Harness.Namespace}/{controller.Harness.Name("web")}";
        var writes = controller.Statuses.StatusWrites;
        TestContext.Out.WriteLine($"status writes from creation to Synced with history: {writes}");
        Cluster.Emulator.RequestLog.Clear();
        long unchangedMeasured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Diagnostics.GitOpsTelemetry.Name && instrument.Name == "gitops.application_resources.status_writes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "result", Value: "unchanged" })
                {
                    Interlocked.Add(ref unchangedMeasured, value);
                }
            }
        });
        listener.Start();

        for (var i = 1; i <= 5; i++)
        {
            var unchanged = controller.Statuses.UnchangedStatuses;
            controller.Loop.Refresh(name);
            await EventuallyAsync(() => Task.FromResult(controller.Statuses.UnchangedStatuses > unchanged), $"idle reconcile {i}");
        }

        TestContext.Out.WriteLine($"5 idle reconciles: {Cluster.Emulator.RequestLog.Count("patch", ApplicationWrites)} Application patches, {Cluster.Emulator.RequestLog.Total} API requests in all");
        Assert.Multiple(() =>
        {
            Assert.That(Cluster.Emulator.RequestLog.Count("patch", ApplicationWrites), Is.Zero, "5 idle reconciles patch no Application");
            Assert.That(controller.Statuses.StatusWrites, Is.EqualTo(writes));
            Assert.That(Interlocked.Read(ref unchangedMeasured), Is.GreaterThanOrEqualTo(5), "the status_writes counter tags them unchanged");
        });
    }

    [Test]
    public async Task SaveAsync_ReconciledAtIntervalZero_WritesEveryReconcileAsArgoCdDoes()
    {
        await using var controller = await StartSyncedAsync(o => o.ReconciledAtInterval = TimeSpan.Zero);
        var name = $"{controller.Harness.Namespace}/{controller.Harness.Name("web")}";
        var writes = controller.Statuses.StatusWrites;

        controller.Loop.Refresh(name);

        await EventuallyAsync(() => Task.FromResult(controller.Statuses.StatusWrites > writes), "reconciledAt written");
    }

    [Test]
    public async Task SaveAsync_ConflictOnWrite_RetriedAndWritten()
    {
        await using var controller = await StartSyncedAsync();
        var h = controller.Harness;
        var rule = Cluster.Emulator.Faults.Add(new FaultRule { Verb = "patch", Resource = ApplicationWrites, Namespace = h.Namespace, Count = 1, Fault = Fault.Conflict() });
        var head = h.CommitConfigMap("settings", "2");

        controller.Loop.Refresh($"{h.Namespace}/{h.Name("web")}");

        await EventuallyAsync(async () => At(await controller.GetAsync(Applications, "web"), "status", "sync", "revision") == head, "the new revision written despite a conflict");
        Assert.That(rule.Fired, Is.EqualTo(1));
        Cluster.Emulator.Faults.Remove(rule);
    }

    [Test]
    public async Task SaveAsync_ResourceDeleted_NoWriteAndNoError()
    {
        var ns = await NewNamespaceAsync("gone");
        var store = new ApplicationResourceStatusStore(Cluster.Client, new ApplicationResourceOptions());
        await using var h = new Reconcile.ReconcileHarness(Cluster, ns);
        var live = await Cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl), "kubectl");
        store.Track(Applications, live, []);
        await Cluster.Client.DeleteAsync(Applications, ns, live.Name);

        await store.SaveAsync(new ApplicationStatus { Application = $"{ns}/{live.Name}", ReconciledAt = DateTimeOffset.UtcNow });

        Assert.Multiple(async () =>
        {
            Assert.That(store.StatusWrites, Is.Zero);
            Assert.That(store.Find($"{ns}/{live.Name}"), Is.Null, "a deleted resource is no longer written");
            Assert.That(await store.GetAsync($"{ns}/{live.Name}"), Is.Not.Null, "the status is still kept in memory");
        });
    }

    [Test]
    public async Task SaveAsync_ResourceRecreated_OldIdentityNotWritten()
    {
        var ns = await NewNamespaceAsync("recreated");
        var store = new ApplicationResourceStatusStore(Cluster.Client, new ApplicationResourceOptions());
        await using var h = new Reconcile.ReconcileHarness(Cluster, ns);
        var old = await Cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl), "kubectl");
        store.Track(Applications, old, []);
        await Cluster.Client.DeleteAsync(Applications, ns, old.Name);
        await Cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl), "kubectl");

        await store.SaveAsync(new ApplicationStatus { Application = $"{ns}/{old.Name}", ReconciledAt = DateTimeOffset.UtcNow });

        var current = await Cluster.Client.GetAsync(Applications, ns, old.Name);
        Assert.Multiple(() =>
        {
            Assert.That(store.StatusWrites, Is.Zero);
            Assert.That(current!.Root["status"], Is.Null, "the new object does not get the old one's status");
        });
    }

    [Test]
    public async Task SaveAsync_StatusSubresourceDeclared_WritesThroughIt()
    {
        await using var cluster = await EmulatorFixture.StartAsync();
        var applications = await ApplicationCrd.InstallAsync(cluster, statusSubresource: true);
        await cluster.CreateNamespaceAsync("apps");
        var store = new ApplicationResourceStatusStore(cluster.Client, new ApplicationResourceOptions());
        await using var h = new Reconcile.ReconcileHarness(cluster, "apps");
        var live = await cluster.ApplyAsync(ApplicationCrd.Resource(h.Name("web"), h.Namespace, h.Repository.FileUrl), "kubectl");
        store.Track(applications, live, []);

        await store.SaveAsync(new ApplicationStatus { Application = $"apps/{live.Name}", SyncStatus = GitOps.Comparison.ApplicationSyncStatus.Synced, ReconciledAt = DateTimeOffset.UtcNow });

        var written = await cluster.Client.GetAsync(applications, "apps", live.Name);
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Emulator.RequestLog.Count("patch", "applications.argoproj.io/status"), Is.EqualTo(1));
            Assert.That(At(written, "status", "sync", "status"), Is.EqualTo("Synced"));
        });
    }
}
