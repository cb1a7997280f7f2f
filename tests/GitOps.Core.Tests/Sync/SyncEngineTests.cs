using System.Text.Json.Nodes;
using GitOps.Apply;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using GitOps.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Sync;

public sealed class SyncEngineTests : EmulatorTest
{
    private int _counter;

    private ISyncEngine Engine => Services.GetRequiredService<ISyncEngine>();

    private ISyncStateStore Store => Services.GetRequiredService<ISyncStateStore>();

    private Task<string> NamespaceAsync() => NewNamespaceAsync("sync");

    private static ManifestObject ConfigMap(string name, string value = "1", string? wave = null, params (string Key, string Value)[] annotations)
    {
        var map = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{},"data":{}}""");
        map.Name = name;
        map.Root["data"]!["value"] = value;
        if (wave is not null)
        {
            map.SetAnnotation("gitops.dotnet/sync-wave", wave);
        }

        foreach (var (key, text) in annotations)
        {
            map.SetAnnotation(key, text);
        }

        return map;
    }

    private static ManifestObject Job(string name, string hook, string? deletePolicy = null) => ManifestObjects.Parse($$"""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{name}}
          annotations:
            argocd.argoproj.io/hook: {{hook}}
            {{(deletePolicy is null ? string.Empty : $"argocd.argoproj.io/hook-delete-policy: {deletePolicy}")}}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: run, image: busybox}]
        """);

    private Task<OperationState> SyncAsync(string app, string ns, IReadOnlyList<ManifestObject> desired, SyncOptions? options = null, string revision = "r1",
        IReadOnlySet<ResourceKey>? resources = null, Func<IReadOnlyList<ResourceKey>, CancellationToken, Task<bool>>? confirm = null, CancellationToken cancellationToken = default) =>
        Engine.SyncAsync(Cluster.Client, new SyncRequest
        {
            ApplicationName = app,
            Revision = revision,
            Desired = desired,
            DestinationNamespace = ns,
            Options = (options ?? new SyncOptions()) with { HealthPollInterval = TimeSpan.FromMilliseconds(50) },
            Resources = resources,
            ConfirmPruneAsync = confirm,
        }, cancellationToken);

    private async Task<ManifestObject?> GetAsync(string kind, string apiVersion, string ns, string name)
    {
        var probe = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""");
        probe.ApiVersion = apiVersion;
        probe.Kind = kind;
        var resource = await Cluster.Client.Discovery.GetAsync(probe);
        return await Cluster.Client.GetAsync(resource, resource.Namespaced ? ns : null, name);
    }

    private static ApplyOutcome OutcomeOf(OperationState state, string name) => state.Results.Single(r => r.Key.Name == name && !r.IsHook).Outcome;

    [Test]
    public async Task SyncAsync_CommitByCommit_CreatesConfiguresAndPrunes()
    {
        var ns = await NamespaceAsync();
        var first = await SyncAsync("shop", ns, [ConfigMap("a"), ConfigMap("b"), ConfigMap("c")], new SyncOptions { Prune = PruneMode.On });
        var second = await SyncAsync("shop", ns, [ConfigMap("a", "2"), ConfigMap("c")], new SyncOptions { Prune = PruneMode.On }, revision: "r2");

        Assert.Multiple(async () =>
        {
            Assert.That(first.Phase, Is.EqualTo(OperationPhase.Succeeded), first.Message);
            Assert.That(first.Results.Select(r => r.Outcome), Is.All.EqualTo(ApplyOutcome.Created));
            Assert.That(second.Phase, Is.EqualTo(OperationPhase.Succeeded), second.Message);
            Assert.That(OutcomeOf(second, "a"), Is.EqualTo(ApplyOutcome.Configured));
            Assert.That(OutcomeOf(second, "b"), Is.EqualTo(ApplyOutcome.Pruned));
            Assert.That(OutcomeOf(second, "c"), Is.EqualTo(ApplyOutcome.Unchanged));
            Assert.That(second.Revision, Is.EqualTo("r2"));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "b"), Is.Null);
            Assert.That((await GetAsync("ConfigMap", "v1", ns, "a"))!.Root["data"]!["value"]!.GetValue<string>(), Is.EqualTo("2"));
            Assert.That(ResourceTracking.IsTrackedBy((await GetAsync("ConfigMap", "v1", ns, "c"))!, "shop"), Is.True);
        });
    }

    [Test]
    public async Task SyncAsync_PruneOff_ExtraneousSkippedAndKept()
    {
        var ns = await NamespaceAsync();
        await SyncAsync("keep", ns, [ConfigMap("a"), ConfigMap("b")]);

        var state = await SyncAsync("keep", ns, [ConfigMap("a")]);

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded));
            Assert.That(OutcomeOf(state, "b"), Is.EqualTo(ApplyOutcome.PruneSkipped));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "b"), Is.Not.Null);
        });
    }

    [Test]
    public async Task SyncAsync_UntrackedObjects_NeverPruned()
    {
        var ns = await NamespaceAsync();
        var handMade = ConfigMap("hand-made");
        handMade.Namespace = ns;
        await Cluster.ApplyAsync(handMade, "kubectl");
        var otherApp = ConfigMap("other-app");
        otherApp.Namespace = ns;
        ResourceTracking.Mark(otherApp, "someone-else");
        await Cluster.ApplyAsync(otherApp);

        var state = await SyncAsync("careful", ns, [ConfigMap("a")], new SyncOptions { Prune = PruneMode.On });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded));
            Assert.That(state.Results.Select(r => r.Key.Name), Is.EqualTo(new[] { "a" }));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "hand-made"), Is.Not.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "other-app"), Is.Not.Null);
        });
    }

    [Test]
    public async Task SyncAsync_PruneFalseAnnotationAndConfirm_Respected()
    {
        var ns = await NamespaceAsync();
        await SyncAsync("guarded", ns, [ConfigMap("a"), ConfigMap("protected", annotations: ("gitops.dotnet/sync-options", "Prune=false")), ConfigMap("gated")]);
        IReadOnlyList<ResourceKey>? asked = null;

        var declined = await SyncAsync("guarded", ns, [ConfigMap("a")], new SyncOptions { Prune = PruneMode.Confirm },
            confirm: (keys, _) => { asked = keys; return Task.FromResult(false); });
        var approved = await SyncAsync("guarded", ns, [ConfigMap("a")], new SyncOptions { Prune = PruneMode.Confirm },
            confirm: (_, _) => Task.FromResult(true));

        Assert.Multiple(async () =>
        {
            Assert.That(asked!.Select(k => k.Name), Is.EqualTo(new[] { "gated" }));
            Assert.That(OutcomeOf(declined, "gated"), Is.EqualTo(ApplyOutcome.PruneSkipped));
            Assert.That(OutcomeOf(approved, "gated"), Is.EqualTo(ApplyOutcome.Pruned));
            Assert.That(OutcomeOf(approved, "protected"), Is.EqualTo(ApplyOutcome.PruneSkipped));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "protected"), Is.Not.Null);
        });
    }

    [Test]
    public async Task SyncAsync_DryRunStageFails_NothingApplied()
    {
        var ns = await NamespaceAsync();
        var invalid = ConfigMap("Invalid_Name");

        var state = await SyncAsync("atomic", ns, [ConfigMap("good-1"), invalid, ConfigMap("good-2")]);

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Failed));
            Assert.That(state.Message, Does.Contain("dry run").And.Contain("Invalid_Name"));
            Assert.That(state.Results.Single().Outcome, Is.EqualTo(ApplyOutcome.Failed));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "good-1"), Is.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "good-2"), Is.Null);
        });
    }

    [Test]
    public async Task SyncAsync_DryRunOption_ChangesNothing()
    {
        var ns = await NamespaceAsync();

        var state = await SyncAsync("dry", ns, [ConfigMap("a")], new SyncOptions { DryRun = true });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded));
            Assert.That(state.DryRun, Is.True);
            Assert.That(OutcomeOf(state, "a"), Is.EqualTo(ApplyOutcome.Created));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "a"), Is.Null);
        });
    }

    [Test]
    public async Task SyncAsync_Waves_AppliedInOrderWithPrunesMirrored()
    {
        var ns = await NamespaceAsync();
        await SyncAsync("waves", ns, [ConfigMap("old-early", wave: "-1"), ConfigMap("old-late", wave: "5")]);

        var state = await SyncAsync("waves", ns, [ConfigMap("third", wave: "2"), ConfigMap("first", wave: "-3"), ConfigMap("second")], new SyncOptions { Prune = PruneMode.On });

        Assert.Multiple(() =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(state.CompletedSteps, Is.EqualTo(new[] { "Sync/-3", "Sync/-1", "Sync/0", "Sync/2", "Sync/5" }));
            Assert.That(state.Results.Single(r => r.Key.Name == "old-late").Wave, Is.EqualTo(-1), "the late object is pruned early");
            Assert.That(state.Results.Single(r => r.Key.Name == "old-early").Wave, Is.EqualTo(5), "the early object is pruned late");
        });
    }

    [Test]
    public async Task SyncAsync_PruneLast_PrunesAfterEveryWave()
    {
        var ns = await NamespaceAsync();
        await SyncAsync("last", ns, [ConfigMap("gone")]);

        var state = await SyncAsync("last", ns, [ConfigMap("a", wave: "3")], new SyncOptions { Prune = PruneMode.On, PruneLast = true });

        Assert.That(state.Results.Single(r => r.Key.Name == "gone").Wave, Is.EqualTo(4));
    }

    [Test]
    public async Task SyncAsync_MiddleWaveDegraded_FailsAndLaterWavesNotApplied()
    {
        var ns = await NamespaceAsync();
        var pvc = ManifestObjects.Parse("""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, annotations: {gitops.dotnet/sync-wave: '1'}}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            """);
        var resource = await Cluster.Client.Discovery.GetAsync(pvc);
        await using var controller = new StatusWriter(Cluster.Client, resource, ns, n => n == "data", new JsonObject { ["phase"] = "Lost" });

        var state = await SyncAsync("degraded", ns, [ConfigMap("before", wave: "0"), pvc, ConfigMap("after", wave: "2")],
            new SyncOptions { Timeout = TimeSpan.FromSeconds(30) });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Failed), state.Message);
            Assert.That(state.Message, Does.Contain("Sync/1").And.Contain("Degraded"));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "before"), Is.Not.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "after"), Is.Null);
        });
    }

    [Test]
    public async Task SyncAsync_FailingPreSyncHook_RunsSyncFailHookAndAppliesNothing()
    {
        var ns = await NamespaceAsync();
        var jobs = await Cluster.Client.Discovery.GetAsync(Job("x", "PreSync"));
        await using var controller = new StatusWriter(Cluster.Client, jobs, ns, n => n == "migrate",
            new JsonObject { ["failed"] = 1, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Failed", ["status"] = "True", ["reason"] = "BackoffLimitExceeded", ["message"] = "Job has reached the specified backoff limit" }) });
        var onFail = ConfigMap("sync-failed-marker", annotations: ("argocd.argoproj.io/hook", "SyncFail"));

        var state = await SyncAsync("hooks", ns, [Job("migrate", "PreSync", "HookFailed"), ConfigMap("app"), onFail], new SyncOptions { Timeout = TimeSpan.FromSeconds(30) });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Failed), state.Message);
            Assert.That(state.Results.Single(r => r.Key.Name == "migrate").Outcome, Is.EqualTo(ApplyOutcome.Failed));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "app"), Is.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "sync-failed-marker"), Is.Not.Null);
            Assert.That(await GetAsync("Job", "batch/v1", ns, "migrate"), Is.Null, "HookFailed deletes the failed hook");
        });
    }

    [Test]
    public async Task SyncAsync_SucceedingHooks_RunInPhaseOrderAndDeletePolicyApplied()
    {
        var ns = await NamespaceAsync();
        var jobs = await Cluster.Client.Discovery.GetAsync(Job("x", "PreSync"));
        await using var controller = new StatusWriter(Cluster.Client, jobs, ns, n => n.StartsWith("job-", StringComparison.Ordinal),
            new JsonObject { ["succeeded"] = 1, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "True" }) });

        var state = await SyncAsync("hooked", ns, [Job("job-pre", "PreSync", "HookSucceeded"), ConfigMap("app"), Job("job-post", "PostSync")],
            new SyncOptions { Timeout = TimeSpan.FromSeconds(30) });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(state.CompletedSteps, Is.EqualTo(new[] { "PreSync/0", "Sync/0", "PostSync/0" }));
            Assert.That(await GetAsync("Job", "batch/v1", ns, "job-pre"), Is.Null, "deleted after success");
            Assert.That(await GetAsync("Job", "batch/v1", ns, "job-post"), Is.Not.Null, "kept: BeforeHookCreation is the default");
        });

        // A second sync recreates the kept hook (BeforeHookCreation) instead of failing on AlreadyExists.
        var again = await SyncAsync("hooked", ns, [Job("job-post", "PostSync"), ConfigMap("app")], new SyncOptions { Timeout = TimeSpan.FromSeconds(30) });
        Assert.That(again.Phase, Is.EqualTo(OperationPhase.Succeeded), again.Message);
    }

    [Test]
    public async Task SyncAsync_ApplyOutOfSyncOnly_WritesOnlyChangedObjects()
    {
        var ns = await NamespaceAsync();
        var desired = Enumerable.Range(0, 10).Select(i => ConfigMap($"cm-{i}")).ToList();
        await SyncAsync("economy", ns, desired);
        desired[3] = ConfigMap("cm-3", "changed");
        desired[7] = ConfigMap("cm-7", "changed");
        Cluster.Emulator.RequestLog.Clear();

        // Two waves, so the engine waits for the first wave's health before the second.
        desired[9] = ConfigMap("cm-9", wave: "1");
        var state = await SyncAsync("economy", ns, desired, new SyncOptions { ApplyOutOfSyncOnly = true });
        var writes = Cluster.Emulator.RequestLog.Requests.Count(r => r.Resource == "configmaps" && r.Verb is "patch" or "create" or "update" or "delete");
        var gets = Cluster.Emulator.RequestLog.Count("get", "configmaps");

        Assert.Multiple(() =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded));
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(state.Results.Count(r => r.Outcome == ApplyOutcome.Configured), Is.EqualTo(3));
            // Per changed object: one server-side diff dry run, one apply dry run, one apply; the other seven cost only their diff.
            Assert.That(writes, Is.LessThanOrEqualTo(10 + 3 + 3), "diff dry runs for all, then dry run and apply for the changed three");
            Assert.That(gets, Is.Zero, "live state is listed, not fetched per object");
        });
    }

    [Test]
    public async Task SyncAsync_Selective_OnlyNamedResourcesNoHooks()
    {
        var ns = await NamespaceAsync();
        var only = ConfigMap("only");
        var key = new ResourceKey(string.Empty, "ConfigMap", ns, "only");

        var state = await SyncAsync("selective", ns, [only, ConfigMap("other"), ConfigMap("hook", annotations: ("argocd.argoproj.io/hook", "PreSync"))],
            resources: new HashSet<ResourceKey> { key });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Selective, Is.True);
            Assert.That(state.Results.Select(r => r.Key.Name), Is.EqualTo(new[] { "only" }));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "other"), Is.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "hook"), Is.Null);
        });
    }

    [Test]
    public async Task SyncAsync_CreateNamespace_CreatesDestination()
    {
        var ns = $"fresh-{Interlocked.Increment(ref _counter)}";

        var state = await SyncAsync("fresh", ns, [ConfigMap("a")], new SyncOptions { CreateNamespace = true });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(await GetAsync("Namespace", "v1", ns, ns), Is.Not.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "a"), Is.Not.Null);
        });
    }

    [Test]
    public async Task SyncAsync_CrdAndInstanceTogether_CrdFirstThenInstance()
    {
        var ns = await NamespaceAsync();
        var crd = ManifestObjects.Parse("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: gadgets.sync.example.com}
            spec:
              group: sync.example.com
              scope: Namespaced
              names: {plural: gadgets, singular: gadget, kind: Gadget}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """);
        var gadget = ManifestObjects.Parse("""{"apiVersion":"sync.example.com/v1","kind":"Gadget","metadata":{"name":"g1"},"spec":{"size":3}}""");

        var state = await SyncAsync("crd", ns, [gadget, crd]);

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(await GetAsync("Gadget", "sync.example.com/v1", ns, "g1"), Is.Not.Null);
        });
    }

    [Test]
    public async Task SyncAsync_CancelledWhileWaiting_Terminated()
    {
        var ns = await NamespaceAsync();
        var lb = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","loadBalancerClass":"example.com/unimplemented","selector":{"a":"b"},"ports":[{"port":80}]}}""");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var state = await SyncAsync("cancel", ns, [lb, ConfigMap("later", wave: "1")], cancellationToken: cts.Token);

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Terminated));
            Assert.That(state.FinishedAt, Is.Not.Null);
            Assert.That((await Store.LoadAsync("cancel"))!.Phase, Is.EqualTo(OperationPhase.Terminated));
        });
    }

    [Test]
    public async Task SyncAsync_Timeout_FailedWithReason()
    {
        var ns = await NamespaceAsync();
        var lb = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","loadBalancerClass":"example.com/unimplemented","selector":{"a":"b"},"ports":[{"port":80}]}}""");

        var state = await SyncAsync("slow", ns, [lb, ConfigMap("later", wave: "1")], new SyncOptions { Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.Multiple(() =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Failed));
            Assert.That(state.Message, Does.Contain("timed out"));
        });
    }

    [Test]
    public async Task SyncAsync_StateSavedWithStepsAndResults()
    {
        var ns = await NamespaceAsync();

        var state = await SyncAsync("saved", ns, [ConfigMap("a", wave: "1"), ConfigMap("b")]);
        var saved = await Store.LoadAsync("saved");

        Assert.Multiple(() =>
        {
            Assert.That(saved, Is.EqualTo(state));
            Assert.That(saved!.CompletedSteps, Is.EqualTo(new[] { "Sync/0", "Sync/1" }));
            Assert.That(saved.StartedAt, Is.LessThanOrEqualTo(saved.FinishedAt!.Value));
        });
    }

    [Test]
    public async Task ResumeAsync_RunningOperationOfSameRevision_SkipsFinishedSteps()
    {
        var ns = await NamespaceAsync();
        // What a process that stopped after wave 0 left behind (wave 0 is recorded done, so it must not run again).
        await Store.SaveAsync(new OperationState
        {
            Id = "op-1", ApplicationName = "resume", Revision = "r7", StartedAt = DateTimeOffset.UtcNow, CompletedSteps = ["Sync/0"],
        });
        var request = new SyncRequest
        {
            ApplicationName = "resume", Revision = "r7", DestinationNamespace = ns,
            Desired = [ConfigMap("wave-0"), ConfigMap("wave-1", wave: "1")],
        };

        var state = await Engine.ResumeAsync(Cluster.Client, request);

        Assert.Multiple(async () =>
        {
            Assert.That(state.Id, Is.EqualTo("op-1"));
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(state.CompletedSteps, Is.EqualTo(new[] { "Sync/0", "Sync/1" }));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "wave-0"), Is.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "wave-1"), Is.Not.Null);
        });
    }

    [Test]
    public async Task ResumeAsync_RunningOperationOfOtherRevision_EndedThenNewOperation()
    {
        var ns = await NamespaceAsync();
        await Store.SaveAsync(new OperationState
        {
            Id = "old-op", ApplicationName = "superseded", Revision = "r1", StartedAt = DateTimeOffset.UtcNow, CompletedSteps = ["Sync/0"],
        });
        var request = new SyncRequest { ApplicationName = "superseded", Revision = "r2", DestinationNamespace = ns, Desired = [ConfigMap("a")] };

        var state = await Engine.ResumeAsync(Cluster.Client, request);

        Assert.Multiple(async () =>
        {
            Assert.That(state.Id, Is.Not.EqualTo("old-op"));
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded));
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "a"), Is.Not.Null);
        });
    }

    [Test]
    public async Task SyncAsync_FullSuccessfulSyncs_RecordedInHistoryWithLimit()
    {
        var ns = await NamespaceAsync();
        var history = Services.GetRequiredService<ISyncHistoryStore>();
        for (var i = 1; i <= 4; i++)
        {
            await Engine.SyncAsync(Cluster.Client, new SyncRequest
            {
                ApplicationName = "history", Revision = $"rev-{i}", DestinationNamespace = ns, Desired = [ConfigMap("a", $"{i}")],
                RevisionHistoryLimit = 3, Source = "repo@path",
            });
        }

        await SyncAsync("history", ns, [ConfigMap("a", "dry")], new SyncOptions { DryRun = true }, revision: "dry-rev");
        await SyncAsync("history", ns, [ConfigMap("a", "9")], revision: "selective-rev", resources: new HashSet<ResourceKey> { new(string.Empty, "ConfigMap", ns, "a") });
        var entries = await history.ListAsync("history");

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Revision), Is.EqualTo(new[] { "rev-2", "rev-3", "rev-4" }));
            Assert.That(entries.Select(e => e.Id), Is.EqualTo(new long[] { 2, 3, 4 }));
            Assert.That(entries[^1].Source, Is.EqualTo("repo@path"));
            Assert.That(entries[^1].Summary, Is.EqualTo("1 configured"));
        });
    }

    [Test]
    public async Task ClusterSyncHistoryStore_TwoStores_ShareHistoryThroughTheCluster()
    {
        var ns = await NamespaceAsync();
        var first = new ClusterSyncHistoryStore(Cluster.Client, ns);
        var second = new ClusterSyncHistoryStore(Cluster.Client, ns);
        SyncHistoryEntry Entry(string revision) => new() { Id = 0, Revision = revision, StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow };

        await first.AddAsync("shared", Entry("a"), limit: 2);
        await second.AddAsync("shared", Entry("b"), limit: 2);
        await Task.WhenAll(first.AddAsync("shared", Entry("c"), limit: 2), second.AddAsync("shared", Entry("d"), limit: 2));
        var entries = await first.ListAsync("shared");

        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.EqualTo(2));
            Assert.That(entries.Select(e => e.Id), Is.EqualTo(new long[] { 3, 4 }));
            Assert.That(entries.Select(e => e.Revision), Is.SubsetOf(new[] { "c", "d" }));
        });
    }

    [Test]
    public async Task SyncAsync_FaultyApi_RetriesAndConvergesWithEverythingApplied()
    {
        var ns = await NamespaceAsync();
        var faults = new FaultInjectingHandler((request, n) =>
            request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.StartsWith("/api", StringComparison.Ordinal) && n % 40 == 0
                ? FaultInjectingHandler.Fault.DropBeforeSending
                : request.Method == HttpMethod.Patch ? (n % 5) switch
                {
                    0 => FaultInjectingHandler.Fault.TooManyRequests,
                    1 => FaultInjectingHandler.Fault.Unavailable,
                    2 => FaultInjectingHandler.Fault.DropAfterHandling,
                    _ => FaultInjectingHandler.Fault.None,
                }
                : FaultInjectingHandler.Fault.None);
        using var faulty = new ClusterClient(new k8s.Kubernetes(
            new ClusterConnectionOptions { Server = Cluster.Emulator.BaseAddress }.ToClientConfiguration(), faults));
        var desired = Enumerable.Range(0, 12).Select(i => ConfigMap($"cm-{i}", wave: (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var state = await Engine.SyncAsync(faulty, new SyncRequest
        {
            ApplicationName = "faulty", Revision = "r1", DestinationNamespace = ns, Desired = desired,
            Options = new SyncOptions
            {
                HealthPollInterval = TimeSpan.FromMilliseconds(20),
                Retry = new SyncRetryPolicy { Limit = 200, InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(50) },
            },
        });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(faults.Injected, Is.GreaterThan(10));
            Assert.That(state.Retries, Is.GreaterThan(0));
            foreach (var item in desired)
            {
                Assert.That(await GetAsync("ConfigMap", "v1", ns, item.Name), Is.Not.Null, item.Name);
            }
        });
    }

    [Test]
    public async Task SyncAsync_ApiDownPastRetryLimit_ErrorWithNothingHalfApplied()
    {
        var ns = await NamespaceAsync();
        var faults = new FaultInjectingHandler((request, _) =>
            request.Method == HttpMethod.Patch && !request.RequestUri!.Query.Contains("dryRun", StringComparison.Ordinal)
                ? FaultInjectingHandler.Fault.Unavailable
                : FaultInjectingHandler.Fault.None);
        using var faulty = new ClusterClient(new k8s.Kubernetes(
            new ClusterConnectionOptions { Server = Cluster.Emulator.BaseAddress }.ToClientConfiguration(), faults));

        var state = await Engine.SyncAsync(faulty, new SyncRequest
        {
            ApplicationName = "down", Revision = "r1", DestinationNamespace = ns, Desired = [ConfigMap("a"), ConfigMap("b")],
            Options = new SyncOptions { Retry = new SyncRetryPolicy { Limit = 3, InitialBackoff = TimeSpan.FromMilliseconds(5) } },
        });

        Assert.Multiple(async () =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Error));
            Assert.That(state.Message, Does.Contain("503"));
            Assert.That(state.Retries, Is.EqualTo(3));
            Assert.That(state.FinishedAt, Is.Not.Null);
            Assert.That(await GetAsync("ConfigMap", "v1", ns, "a"), Is.Null);
        });
    }

    [TestCase(true, 5)]
    [TestCase(false, 2)]
    public async Task SyncAsync_RespectIgnoreDifferences_KeepsLiveValueOfIgnoredField(bool respect, int expectedReplicas)
    {
        var ns = await NamespaceAsync();
        var deployment = ManifestObjects.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "web:1"}]}
            """);
        await SyncAsync("respect", ns, [deployment]);
        var resource = await Cluster.Client.Discovery.GetAsync(deployment);
        await Cluster.Client.PatchAsync(resource, ns, "web", "application/merge-patch+json", JsonNode.Parse("""{"spec":{"replicas":5}}""")!, fieldManager: "autoscaler");
        var changed = deployment.DeepClone();
        changed.Root["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "web:2";

        var state = await Engine.SyncAsync(Cluster.Client, new SyncRequest
        {
            ApplicationName = "respect", Revision = "r2", DestinationNamespace = ns, Desired = [changed],
            DiffOptions = new GitOps.Diff.DiffOptions
            {
                IgnoreDifferences = [new GitOps.Diff.IgnoreDifferencesRule { Group = "apps", Kind = "Deployment", JsonPointers = ["/spec/replicas"] }],
            },
            Options = new SyncOptions { RespectIgnoreDifferences = respect },
        });
        var live = await GetAsync("Deployment", "apps/v1", ns, "web");

        Assert.Multiple(() =>
        {
            Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
            Assert.That(live!.Root["spec"]!["replicas"]!.GetValue<int>(), Is.EqualTo(expectedReplicas));
            Assert.That(live.Root["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>(), Is.EqualTo("web:2"));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SyncAsync_ImmutableSelectorChange_FailsOrRecreates(bool recreate)
    {
        var ns = await NamespaceAsync();
        static ManifestObject Web(string label) => ManifestObjects.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: __LABEL__}}
              template:
                metadata: {labels: {app: __LABEL__}}
                spec: {containers: [{name: web, image: "registry.example/web:1"}]}
            """.Replace("__LABEL__", label, StringComparison.Ordinal));
        await SyncAsync(ns, ns, [Web("v1")]);

        var state = await SyncAsync(ns, ns, [Web("v2")], new SyncOptions { RecreateOnImmutableChange = recreate });
        var live = await GetAsync("Deployment", "apps/v1", ns, "web");
        var selector = live!.Root["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>();

        Assert.Multiple(() =>
        {
            if (recreate)
            {
                Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
                Assert.That(OutcomeOf(state, "web"), Is.EqualTo(ApplyOutcome.Configured));
                Assert.That(state.Results.Single(r => r.Key.Name == "web").Message, Does.Contain("recreated"));
                Assert.That(selector, Is.EqualTo("v2"));
            }
            else
            {
                Assert.That(state.Phase, Is.EqualTo(OperationPhase.Failed));
                Assert.That(state.Message, Does.Contain("immutable"));
                Assert.That(selector, Is.EqualTo("v1"));
            }
        });
    }
}
