using GitOps.Comparison;
using GitOps.Health;
using GitOps.Manifests;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Health;

/// <summary>Each built-in health rule moving through its states with the emulator's simulated controllers.</summary>
public sealed class HealthOnEmulatorTests : EmulatorTest
{
    private async Task<HealthStatusCode?> EventuallyAsync(string app, string ns, ManifestObject desired, HealthStatusCode expected)
    {
        var comparer = Services.GetRequiredService<IStateComparer>();
        HealthStatusCode? last = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var result = await comparer.CompareAsync(Cluster.Client, new ComparisonRequest
            {
                ApplicationName = app, Desired = [desired], DestinationNamespace = ns,
                ExtraneousKinds = [desired.GroupVersionKind],
            });
            last = result.Resources.Single(r => r.Key.Name == desired.Name).Health?.Status;
            if (last == expected)
            {
                return last;
            }

            await Task.Delay(100);
        }

        return last;
    }

    private async Task<(string Ns, HealthStatusCode? Health)> SyncAndWatchAsync(string manifest, HealthStatusCode expected)
    {
        var ns = await NewNamespaceAsync("health");
        var desired = ManifestObjects.Parse(manifest);
        // One application per test (named after its namespace), so no test sees another's objects as its own.
        var state = await Services.GetRequiredService<ISyncEngine>().SyncAsync(Cluster.Client, new SyncRequest
        {
            ApplicationName = ns, Revision = "r1", DestinationNamespace = ns, Desired = [desired],
        });
        Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);
        return (ns, await EventuallyAsync(ns, ns, desired, expected));
    }

    private static string Deployment(string image) => """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          progressDeadlineSeconds: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "__IMAGE__"}]}
        """.Replace("__IMAGE__", image, StringComparison.Ordinal);

    private static string Job(string image) => """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: task}
        spec:
          backoffLimit: 0
          template:
            spec: {restartPolicy: Never, containers: [{name: run, image: "__IMAGE__"}]}
        """.Replace("__IMAGE__", image, StringComparison.Ordinal);

    [Test]
    public async Task Deployment_RolledOut_Healthy() =>
        Assert.That((await SyncAndWatchAsync(Deployment("registry.example/web:1"), HealthStatusCode.Healthy)).Health, Is.EqualTo(HealthStatusCode.Healthy));

    [Test]
    public async Task Deployment_FailingImage_Degraded() =>
        Assert.That((await SyncAndWatchAsync(Deployment("registry.example/fail-web:1"), HealthStatusCode.Degraded)).Health, Is.EqualTo(HealthStatusCode.Degraded));

    [Test]
    public async Task Job_Completes_Healthy() =>
        Assert.That((await SyncAndWatchAsync(Job("registry.example/task:1"), HealthStatusCode.Healthy)).Health, Is.EqualTo(HealthStatusCode.Healthy));

    [Test]
    public async Task Job_Fails_Degraded() =>
        Assert.That((await SyncAndWatchAsync(Job("registry.example/fail-task:1"), HealthStatusCode.Degraded)).Health, Is.EqualTo(HealthStatusCode.Degraded));

    [Test]
    public async Task PersistentVolumeClaim_Bound_Healthy() =>
        Assert.That((await SyncAndWatchAsync("""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            """, HealthStatusCode.Healthy)).Health, Is.EqualTo(HealthStatusCode.Healthy));

    [Test]
    public async Task LoadBalancerService_AddressAssigned_Healthy() =>
        Assert.That((await SyncAndWatchAsync("""
            apiVersion: v1
            kind: Service
            metadata: {name: lb}
            spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}
            """, HealthStatusCode.Healthy)).Health, Is.EqualTo(HealthStatusCode.Healthy));

    [Test]
    public async Task StatefulSet_Ready_Healthy() =>
        Assert.That((await SyncAndWatchAsync("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              replicas: 1
              serviceName: db
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: "registry.example/db:1"}]}
            """, HealthStatusCode.Healthy)).Health, Is.EqualTo(HealthStatusCode.Healthy));

    [Test]
    public async Task DaemonSet_Ready_Healthy() =>
        Assert.That((await SyncAndWatchAsync("""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec: {containers: [{name: agent, image: "registry.example/agent:1"}]}
            """, HealthStatusCode.Healthy)).Health, Is.EqualTo(HealthStatusCode.Healthy));

    private const string Autoscaler = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 1
          maxReplicas: 4
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
        """;

    [Test]
    public async Task HorizontalPodAutoscaler_TargetExists_Healthy()
    {
        var ns = await NewNamespaceAsync("health");
        var autoscaler = ManifestObjects.Parse(Autoscaler);
        var state = await Services.GetRequiredService<ISyncEngine>().SyncAsync(Cluster.Client, new SyncRequest
        {
            ApplicationName = ns, Revision = "r1", DestinationNamespace = ns,
            Desired = [ManifestObjects.Parse(Deployment("registry.example/web:1")), autoscaler],
        });
        Assert.That(state.Phase, Is.EqualTo(OperationPhase.Succeeded), state.Message);

        Assert.That(await EventuallyAsync(ns, ns, autoscaler, HealthStatusCode.Healthy), Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public async Task HorizontalPodAutoscaler_MissingTarget_Degraded() =>
        Assert.That((await SyncAndWatchAsync(Autoscaler, HealthStatusCode.Degraded)).Health, Is.EqualTo(HealthStatusCode.Degraded));
}
