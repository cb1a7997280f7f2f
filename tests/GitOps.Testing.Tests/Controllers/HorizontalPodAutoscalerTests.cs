using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Controllers;

/// <summary>The simulated horizontal pod autoscaler: status, conditions, and holding its target between the bounds.</summary>
[TestFixture]
public sealed class HorizontalPodAutoscalerTests : EmulatorFixture
{
    protected override KubernetesEmulatorOptions Options => new() { Controllers = { Delay = TimeSpan.FromMilliseconds(20) } };

    private static string DeploymentJson(int replicas) => """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"web"}},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}
        """.Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static string AutoscalerJson(string target, int? min, int max) => """
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
         "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"TARGET"},MIN"maxReplicas":MAX,
         "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}]}}
        """.Replace("TARGET", target, StringComparison.Ordinal)
        .Replace("MIN", min is null ? string.Empty : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"minReplicas\":{min},"), StringComparison.Ordinal)
        .Replace("MAX", max.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static JsonObject? Condition(JsonObject hpa, string type) =>
        hpa["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?.AsObject();

    private static string? Reason(JsonObject hpa, string type) => (string?)Condition(hpa, type)?["reason"];

    private static string Hpa(string ns) => $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers/web";

    private static string Deployment(string ns) => $"/apis/apps/v1/namespaces/{ns}/deployments/web";

    [Test]
    public async Task Reconcile_TargetWithinBounds_ReportsReadyAndLeavesReplicas()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson(2));
        await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers", AutoscalerJson("web", null, 5));

        var hpa = await EventuallyAsync(Hpa(ns), h => Reason(h, "AbleToScale") == "ReadyForNewScale");
        var (_, deployment) = await SendAsync(HttpMethod.Get, Deployment(ns));

        Assert.Multiple(() =>
        {
            Assert.That((int?)hpa["status"]!["currentReplicas"], Is.EqualTo(2));
            Assert.That((int?)hpa["status"]!["desiredReplicas"], Is.EqualTo(2));
            Assert.That((string?)Condition(hpa, "AbleToScale")!["status"], Is.EqualTo("True"));
            Assert.That((string?)Condition(hpa, "ScalingActive")!["status"], Is.EqualTo("True"));
            Assert.That(Reason(hpa, "ScalingActive"), Is.EqualTo("ValidMetricFound"));
            Assert.That((string?)Condition(hpa, "ScalingActive")!["message"], Is.EqualTo("the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"));
            Assert.That((string?)Condition(hpa, "ScalingLimited")!["status"], Is.EqualTo("False"));
            Assert.That(Reason(hpa, "ScalingLimited"), Is.EqualTo("DesiredWithinRange"));
            Assert.That(hpa["status"]!["conditions"]!.AsArray().Select(c => (string?)c!["type"]), Is.EqualTo(new[] { "AbleToScale", "ScalingActive", "ScalingLimited" }));
            Assert.That(hpa["status"]!["lastScaleTime"], Is.Null, "nothing was scaled");
            Assert.That((int?)deployment!["spec"]!["replicas"], Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Reconcile_TargetAboveMax_ScalesItDownToMaxAndReportsTheLimit()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson(6));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var watch = await Http.GetAsync(new Uri($"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers?watch=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync(cts.Token));

        await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers", AutoscalerJson("web", 2, 3));
        JsonObject? limited = null;
        while (limited is null && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            var hpa = JsonNode.Parse(line)!["object"]!.AsObject();
            limited = Reason(hpa, "AbleToScale") == "SucceededRescale" ? hpa : null;
        }

        var deployment = await EventuallyAsync(Deployment(ns), d => (int?)d["status"]?["readyReplicas"] == 3);
        var settled = await EventuallyAsync(Hpa(ns), h => Reason(h, "AbleToScale") == "ReadyForNewScale");

        Assert.Multiple(() =>
        {
            Assert.That(limited, Is.Not.Null);
            Assert.That((int?)limited!["status"]!["currentReplicas"], Is.EqualTo(6));
            Assert.That((int?)limited["status"]!["desiredReplicas"], Is.EqualTo(3));
            Assert.That((string?)Condition(limited, "AbleToScale")!["message"], Is.EqualTo("the HPA controller was able to update the target scale to 3"));
            Assert.That((string?)Condition(limited, "ScalingLimited")!["status"], Is.EqualTo("True"));
            Assert.That(Reason(limited, "ScalingLimited"), Is.EqualTo("TooManyReplicas"));
            Assert.That((int?)deployment["spec"]!["replicas"], Is.EqualTo(3));
            Assert.That(deployment["metadata"]!["managedFields"]!.AsArray().Any(m => (string?)m!["manager"] == "kube-controller-manager" && (string?)m["subresource"] == "scale"), Is.True, "scaled through /scale as the controller");
            Assert.That((int?)settled["status"]!["currentReplicas"], Is.EqualTo(3));
            Assert.That(settled["status"]!["lastScaleTime"], Is.Not.Null);
            Assert.That(Reason(settled, "ScalingLimited"), Is.EqualTo("DesiredWithinRange"));
        });
    }

    [Test]
    public async Task KubectlScale_BelowMin_IsScaledBackUp()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson(3));
        await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers", AutoscalerJson("web", 3, 4));
        await EventuallyAsync(Hpa(ns), h => Reason(h, "AbleToScale") == "ReadyForNewScale");

        await kubectl.OkAsync("-n", ns, "scale", "deployment/web", "--replicas=1");
        var deployment = await EventuallyAsync(Deployment(ns), d => (int?)d["spec"]!["replicas"] == 3 && (long?)d["metadata"]!["generation"] >= 3);
        var minReplicas = await kubectl.OkAsync("-n", ns, "get", "hpa", "web", "-o", "jsonpath={.status.desiredReplicas}");

        Assert.Multiple(() =>
        {
            Assert.That((int?)deployment["spec"]!["replicas"], Is.EqualTo(3));
            Assert.That(minReplicas, Is.EqualTo("3"));
        });
    }

    [Test]
    public async Task Reconcile_MissingTarget_FailsToGetScaleUntilItExists()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers", AutoscalerJson("web", null, 3));

        var failing = await EventuallyAsync(Hpa(ns), h => Reason(h, "AbleToScale") == "FailedGetScale");
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson(1));
        var recovered = await EventuallyAsync(Hpa(ns), h => Reason(h, "AbleToScale") == "ReadyForNewScale");

        Assert.Multiple(() =>
        {
            Assert.That((string?)Condition(failing, "AbleToScale")!["status"], Is.EqualTo("False"));
            Assert.That((string?)Condition(failing, "AbleToScale")!["message"], Does.StartWith("the HPA controller was unable to get the target's current scale: ").And.Contain("\"web\" not found"));
            Assert.That(Condition(failing, "ScalingActive"), Is.Null);
            Assert.That((int?)recovered["status"]!["currentReplicas"], Is.EqualTo(1));
            Assert.That((int?)recovered["status"]!["desiredReplicas"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Reconcile_TargetAtZero_ReportsScalingDisabled()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson(0));
        await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers", AutoscalerJson("web", 1, 3));

        var hpa = await EventuallyAsync(Hpa(ns), h => Condition(h, "ScalingActive") is not null);
        var (_, deployment) = await SendAsync(HttpMethod.Get, Deployment(ns));

        Assert.Multiple(() =>
        {
            Assert.That((string?)Condition(hpa, "ScalingActive")!["status"], Is.EqualTo("False"));
            Assert.That(Reason(hpa, "ScalingActive"), Is.EqualTo("ScalingDisabled"));
            Assert.That((int?)hpa["status"]!["desiredReplicas"], Is.EqualTo(0));
            Assert.That((int?)deployment!["spec"]!["replicas"], Is.EqualTo(0), "a target at zero is left alone");
        });
    }

    [Test]
    public async Task Reconcile_CustomResourceTargetAboveMax_IsScaledThroughItsScaleSubresource()
    {
        var kubectl = Kubectl();
        await kubectl.OkWithInputAsync("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: pools.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: pools, singular: pool, kind: Pool}
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
                schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            """, "apply", "-f", "-");
        await kubectl.OkAsync("wait", "--for=condition=Established", "crd/pools.example.com", "--timeout=10s");
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/example.com/v1/namespaces/{ns}/pools", """{"apiVersion":"example.com/v1","kind":"Pool","metadata":{"name":"workers"},"spec":{"replicas":9}}""");

        await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers",
            AutoscalerJson("workers", 1, 2).Replace("\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"", "\"apiVersion\":\"example.com/v1\",\"kind\":\"Pool\"", StringComparison.Ordinal));
        var pool = await EventuallyAsync($"/apis/example.com/v1/namespaces/{ns}/pools/workers", p => (int?)p["spec"]!["replicas"] == 2);
        var hpa = await EventuallyAsync(Hpa(ns), h => Reason(h, "AbleToScale") == "ReadyForNewScale");

        Assert.Multiple(() =>
        {
            Assert.That((int?)pool["spec"]!["replicas"], Is.EqualTo(2));
            Assert.That((int?)hpa["status"]!["currentReplicas"], Is.EqualTo(2));
            Assert.That(hpa["status"]!["lastScaleTime"], Is.Not.Null);
        });
    }
}
