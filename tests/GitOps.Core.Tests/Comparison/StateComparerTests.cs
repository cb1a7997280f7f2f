using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Diff;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;
using GitOps.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Comparison;

public sealed class StateComparerTests : EmulatorTest
{
    private IStateComparer Comparer => Services.GetRequiredService<IStateComparer>();

    private static ManifestObject Deployment(string name, string image = "web:1", string cpu = "1000m") => ManifestObjects.Parse($$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: web
                image: {{image}}
                ports: [{containerPort: 80}]
                resources:
                  requests: {cpu: {{cpu}}, memory: 0.5Gi}
        """);

    private static ManifestObject ConfigMap(string name, string value = "v") => ManifestObjects.Parse($$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: {{name}}}
        data: {key: {{value}}}
        """);

    // Applies desired objects the way the applier will: namespace and tracking set, server-side apply.
    private async Task SyncAsync(string app, string ns, params ManifestObject[] desired)
    {
        foreach (var original in desired)
        {
            var copy = original.DeepClone();
            if (copy.Namespace.Length == 0)
            {
                copy.Namespace = ns;
            }

            ResourceTracking.Mark(copy, app);
            await Cluster.ApplyAsync(copy);
        }
    }

    private Task<ComparisonResult> CompareAsync(string app, string ns, DiffStrategy strategy, IReadOnlyList<ManifestObject> desired, DiffOptions? options = null) =>
        Comparer.CompareAsync(Cluster.Client, new ComparisonRequest
        {
            ApplicationName = app,
            Desired = desired,
            DestinationNamespace = ns,
            Strategy = strategy,
            DiffOptions = options ?? new DiffOptions(),
        });

    [TestCase(DiffStrategy.ServerSide)]
    [TestCase(DiffStrategy.ThreeWay)]
    [TestCase(DiffStrategy.TwoWay)]
    public async Task CompareAsync_JustSynced_SyncedDespiteServerDefaultsAndQuantities(DiffStrategy strategy)
    {
        var ns = await NewNamespaceAsync("cmp");
        var secret = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"stringData":{"password":"hunter2"}}""");
        var service = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}""");
        ManifestObject[] desired = [Deployment("web"), ConfigMap("settings"), secret, service];
        var app = $"shop-{strategy.ToString().ToLowerInvariant()}";
        await SyncAsync(app, ns, desired);

        var result = await CompareAsync(app, ns, strategy, desired);

        Assert.Multiple(() =>
        {
            Assert.That(result.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced),
                string.Join("\n", result.Resources.Where(r => r.Status != ResourceSyncStatus.Synced).Select(r => $"{r.Key}: {r.Status} {string.Join(",", r.Diff?.ChangedPaths ?? [])} {r.Message}")));
            Assert.That(result.Resources, Has.Count.EqualTo(4));
            Assert.That(result.Warnings, Is.Empty);
        });
    }

    [Test]
    public async Task CompareAsync_LiveEdited_OutOfSyncWithExactPath()
    {
        var ns = await NewNamespaceAsync("cmp");
        await SyncAsync("edit", ns, Deployment("web"));
        var resource = await Cluster.Client.Discovery.GetAsync(Deployment("web"));
        await Cluster.Client.PatchAsync(resource, ns, "web", "application/strategic-merge-patch+json",
            System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:hotfix"}]}}}}""")!,
            fieldManager: "kubectl-edit");

        var result = await CompareAsync("edit", ns, DiffStrategy.ServerSide, [Deployment("web")]);
        var web = result.Resources.Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
            Assert.That(web.Status, Is.EqualTo(ResourceSyncStatus.OutOfSync));
            Assert.That(web.Diff!.ChangedPaths, Is.EqualTo(new[] { "spec.template.spec.containers[name=web].image" }));
            Assert.That(web.Diff.UnifiedDiff, Does.Contain("web:hotfix").And.Contain("web:1"));
        });
    }

    [Test]
    public async Task CompareAsync_MissingAndExtraneous_Reported()
    {
        var ns = await NewNamespaceAsync("cmp");
        await SyncAsync("prune", ns, ConfigMap("old"), ConfigMap("kept"));

        var result = await CompareAsync("prune", ns, DiffStrategy.ServerSide, [ConfigMap("kept"), ConfigMap("new")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
            Assert.That(result.Resources.Select(r => (r.Key.Name, r.Status)), Is.EquivalentTo(new[]
            {
                ("kept", ResourceSyncStatus.Synced),
                ("new", ResourceSyncStatus.Missing),
                ("old", ResourceSyncStatus.Extraneous),
            }));
        });
    }

    [Test]
    public async Task CompareAsync_CopiedObjectAndOtherApplication_NeverExtraneous()
    {
        var ns = await NewNamespaceAsync("cmp");
        await SyncAsync("mine", ns, ConfigMap("a"));
        await SyncAsync("theirs", ns, ConfigMap("b"));
        // A controller copied "a" with its annotations: the tracking id names "a", not the copy.
        var copy = ConfigMap("a-copy");
        copy.Namespace = ns;
        copy.SetAnnotation(ResourceTracking.AnnotationKey, new TrackingId("mine", ConfigMap("a").Key.WithNamespace(ns)).ToString());
        await Cluster.ApplyAsync(copy, "copier");

        var result = await CompareAsync("mine", ns, DiffStrategy.ServerSide, [ConfigMap("a")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(result.Resources.Select(r => r.Key.Name), Is.EqualTo(new[] { "a" }));
        });
    }

    [Test]
    public async Task CompareAsync_ExtraneousWithIgnoreExtraneous_NotCounted()
    {
        var ns = await NewNamespaceAsync("cmp");
        var leftover = ConfigMap("leftover");
        leftover.SetAnnotation(CompareOptionsAnnotation.ArgoCdKey, "IgnoreExtraneous");
        await SyncAsync("ignore", ns, ConfigMap("a"), leftover);

        var result = await CompareAsync("ignore", ns, DiffStrategy.ServerSide, [ConfigMap("a")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(result.Resources.Single(r => r.Key.Name == "leftover"), Has.Property(nameof(ResourceComparison.Counted)).False);
        });
    }

    [Test]
    public async Task CompareAsync_ReplicasOwnedByAutoscaler_IgnoredThroughManagers()
    {
        var ns = await NewNamespaceAsync("cmp");
        await SyncAsync("hpa", ns, Deployment("web"));
        var resource = await Cluster.Client.Discovery.GetAsync(Deployment("web"));
        await Cluster.Client.PatchAsync(resource, ns, "web", "application/merge-patch+json",
            System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"replicas":5}}""")!, fieldManager: "horizontal-pod-autoscaler");
        var ignore = new DiffOptions
        {
            IgnoreDifferences = [new IgnoreDifferencesRule { Group = "apps", Kind = "Deployment", ManagedFieldsManagers = ["horizontal-pod-autoscaler"] }],
        };

        var ignored = await CompareAsync("hpa", ns, DiffStrategy.ThreeWay, [Deployment("web")], ignore);
        var reported = await CompareAsync("hpa", ns, DiffStrategy.ThreeWay, [Deployment("web")]);

        Assert.Multiple(() =>
        {
            Assert.That(ignored.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(reported.Resources.Single().Diff!.ChangedPaths, Is.EqualTo(new[] { "spec.replicas" }));
        });
    }

    [Test]
    public async Task CompareAsync_SecretChanged_DiffMasked()
    {
        var ns = await NewNamespaceAsync("cmp");
        await SyncAsync("secret", ns, ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"token":"old-token-value"}}"""));

        var result = await CompareAsync("secret", ns, DiffStrategy.ServerSide,
            [ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"token":"new-token-value"}}""")]);
        var diff = result.Resources.Single().Diff!;

        Assert.Multiple(() =>
        {
            Assert.That(diff.Modified, Is.True);
            Assert.That(diff.ChangedPaths, Is.EqualTo(new[] { "data.token" }));
            foreach (var secret in new[] { "old-token-value", "new-token-value", "b2xkLXRva2VuLXZhbHVl", "bmV3LXRva2VuLXZhbHVl" })
            {
                Assert.That(diff.UnifiedDiff, Does.Not.Contain(secret));
            }
        });
    }

    [Test]
    public async Task CompareAsync_ServerSide_ListsPerKindAndAtMostOneDryRunPerObject()
    {
        var ns = await NewNamespaceAsync("cmp");
        var desired = Enumerable.Range(0, 20).Select(i => ConfigMap($"cm-{i}")).ToArray();
        await SyncAsync("economy", ns, desired);
        Cluster.Emulator.RequestLog.Clear();

        await Comparer.CompareAsync(Cluster.Client, new ComparisonRequest
        {
            ApplicationName = "economy",
            Desired = desired,
            DestinationNamespace = ns,
            ExtraneousKinds = [new GroupVersionKind(string.Empty, "v1", "ConfigMap")],
        });

        Assert.Multiple(() =>
        {
            Assert.That(Cluster.Emulator.RequestLog.Count("list", "configmaps"), Is.EqualTo(1));
            Assert.That(Cluster.Emulator.RequestLog.Count("get", "configmaps"), Is.Zero);
            Assert.That(Cluster.Emulator.RequestLog.Count("patch", "configmaps"), Is.EqualTo(20));
        });
    }

    [Test]
    public async Task CompareAsync_NoDesiredNamespace_TakesDestination()
    {
        var ns = await NewNamespaceAsync("cmp");

        var result = await CompareAsync("ns", ns, DiffStrategy.ServerSide, [ConfigMap("a")]);

        Assert.That(result.Resources.Single().Key.Namespace, Is.EqualTo(ns));
    }

    [Test]
    public async Task CompareAsync_WarmLiveStateCache_NoListRequestsAndSeesEdits()
    {
        var ns = await NewNamespaceAsync("cmp");
        await SyncAsync("cached", ns, ConfigMap("a"));
        await using var cache = new LiveStateCache(Cluster.Client);
        var request = new ComparisonRequest
        {
            ApplicationName = "cached",
            Desired = [ConfigMap("a")],
            DestinationNamespace = ns,
            Strategy = DiffStrategy.ThreeWay,
            ExtraneousKinds = [new GroupVersionKind(string.Empty, "v1", "ConfigMap")],
            LiveState = cache,
        };
        var first = await Comparer.CompareAsync(Cluster.Client, request);
        Cluster.Emulator.RequestLog.Clear();

        var resource = await Cluster.Client.Discovery.GetAsync(ConfigMap("a"));
        await Cluster.Client.PatchAsync(resource, ns, "a", "application/merge-patch+json",
            System.Text.Json.Nodes.JsonNode.Parse("""{"data":{"key":"edited"}}""")!, fieldManager: "kubectl-edit");
        var change = await cache.Changes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var second = await Comparer.CompareAsync(Cluster.Client, request);

        Assert.Multiple(() =>
        {
            Assert.That(first.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(change.Key.Name, Is.EqualTo("a"));
            Assert.That(second.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
            Assert.That(second.Resources.Single().Diff!.ChangedPaths, Is.EqualTo(new[] { "data.key" }));
            Assert.That(Cluster.Emulator.RequestLog.Count("list"), Is.Zero);
        });
    }

    [Test]
    public async Task CompareAsync_Health_PerResourceAndWorstForApplication()
    {
        var ns = await NewNamespaceAsync("cmp");
        var lb = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","loadBalancerClass":"example.com/unimplemented","selector":{"app":"x"},"ports":[{"port":80}]}}""");
        await SyncAsync("health", ns, ConfigMap("plain"), lb);

        var result = await CompareAsync("health", ns, DiffStrategy.ServerSide, [ConfigMap("plain"), lb, ConfigMap("not-yet")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Resources.Single(r => r.Key.Name == "plain").Health, Is.Null);
            Assert.That(result.Resources.Single(r => r.Key.Name == "not-yet").Health?.Status, Is.EqualTo(GitOps.Health.HealthStatusCode.Missing));
            Assert.That(result.Resources.Single(r => r.Key.Name == "lb").Health?.Status, Is.EqualTo(GitOps.Health.HealthStatusCode.Progressing));
            Assert.That(result.Health.Health.Status, Is.EqualTo(GitOps.Health.HealthStatusCode.Progressing));
        });
    }

    [TestCase(DiffStrategy.ServerSide)]
    [TestCase(DiffStrategy.ThreeWay)]
    public async Task CompareAsync_CustomResourceWithSchemaDefault_Synced(DiffStrategy strategy)
    {
        var ns = await NewNamespaceAsync("crd");
        var crd = ManifestObjects.Parse("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: caches.defaults.example.com}
            spec:
              group: defaults.example.com
              scope: Namespaced
              names: {plural: caches, singular: cache, kind: Cache}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          size: {type: integer}
                          evictionPolicy: {type: string, default: lru}
                          replicas: {type: integer, default: 1}
            """);
        await Cluster.ApplyAsync(crd);
        var cache = ManifestObjects.Parse("""{"apiVersion":"defaults.example.com/v1","kind":"Cache","metadata":{"name":"c1"},"spec":{"size":64}}""");
        var app = $"defaults-{strategy.ToString().ToLowerInvariant()}";
        await SyncAsync(app, ns, cache);

        var live = await Cluster.Client.GetAsync((await Cluster.Client.Discovery.GetAsync(cache))!, ns, "c1");
        var result = await CompareAsync(app, ns, strategy, [cache]);

        Assert.Multiple(() =>
        {
            Assert.That(live!.Root["spec"]!["evictionPolicy"]!.GetValue<string>(), Is.EqualTo("lru"), "the server defaulted the field");
            Assert.That(result.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced), string.Join(",", result.Resources.SelectMany(r => r.Diff?.ChangedPaths ?? [])));
        });
    }
}
