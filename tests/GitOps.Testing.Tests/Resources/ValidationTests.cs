using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Resources;

/// <summary>Kind-specific validation: 422 Invalid with the real field paths and messages, and immutable fields.</summary>
[TestFixture]
public sealed class ValidationTests : EmulatorFixture
{
    protected override KubernetesEmulatorOptions Options => new() { Controllers = { Enabled = false } };

    private static IEnumerable<string> Fields(JsonObject? status) =>
        status!["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"] ?? string.Empty);

    [Test]
    public async Task Create_DeploymentWithoutSelectorOrImage_Is422WithFieldPaths()
    {
        var ns = await NewNamespaceAsync();

        var (code, status) = await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"template":{"spec":{"containers":[{"name":"a"}]}}}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That((string?)status!["reason"], Is.EqualTo("Invalid"));
            Assert.That(Fields(status), Is.EquivalentTo(new[] { "spec.selector", "spec.template.spec.containers[0].image" }));
            Assert.That((string?)status["message"], Does.StartWith("Deployment.apps \"d\" is invalid: [spec.selector: Required value"));
        });
    }

    [Test]
    public async Task Create_SelectorNotMatchingTemplate_IsRefused()
    {
        var ns = await NewNamespaceAsync();

        var (code, status) = await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/replicasets",
            """{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"r"},"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"b"}},"spec":{"containers":[]}}}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(Fields(status), Is.EquivalentTo(new[] { "spec.template.metadata.labels", "spec.template.spec.containers" }));
            Assert.That((string?)status!["message"], Does.Contain("`selector` does not match template `labels`"));
        });
    }

    [TestCase("""{"ports":[{"port":0}]}""", "spec.ports[0].port")]
    [TestCase("""{"ports":[{"port":70000}]}""", "spec.ports[0].port")]
    [TestCase("""{"selector":{"a":"b"}}""", "spec.ports")]
    [TestCase("""{"ports":[{"port":80},{"port":81}]}""", "spec.ports[0].name")]
    [TestCase("""{"clusterIP":"1.2.3.4","ports":[{"port":80}]}""", "spec.clusterIPs")]
    public async Task Create_InvalidService_IsRefusedNamingTheField(string spec, string field)
    {
        var ns = await NewNamespaceAsync();

        var (code, status) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":""" + spec + "}");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422), status?.ToJsonString());
            Assert.That(Fields(status), Does.Contain(field));
        });
    }

    [Test]
    public async Task Create_ServiceWithTakenClusterIp_IsRefused()
    {
        var ns = await NewNamespaceAsync();
        var (_, first) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{"ports":[{"port":80}]}}""");
        var ip = (string?)first!["spec"]!["clusterIP"];

        var (code, status) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"b"},"spec":{"clusterIP":"ADDRESS","ports":[{"port":80}]}}""".Replace("ADDRESS", ip, StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That((string?)status!["message"], Does.Contain("provided IP is already allocated"));
        });
    }

    [Test]
    public async Task Create_ConfigMapWithBadKey_IsRefused()
    {
        var ns = await NewNamespaceAsync();

        var (code, status) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a b":"x","ok.key":"y"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(Fields(status), Is.EqualTo(new[] { "data[a b]" }));
            Assert.That((string?)status!["message"], Does.Contain("a valid config key must consist of alphanumeric characters"));
        });
    }

    [Test]
    public async Task Update_ImmutableConfigMapData_IsForbidden()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"immutable":true,"data":{"a":"1"}}""");

        var (code, status) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/c", """{"data":{"a":"2"}}""", "application/merge-patch+json");
        var (unsetCode, _) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/c", """{"immutable":false}""", "application/merge-patch+json");
        var (labelCode, _) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/c", """{"metadata":{"labels":{"x":"y"}}}""", "application/merge-patch+json");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That((string?)status!["message"], Does.Contain("data: Forbidden: field is immutable when `immutable` is set"));
            Assert.That(unsetCode, Is.EqualTo(422));
            Assert.That(labelCode, Is.EqualTo(200), "metadata stays mutable");
        });
    }

    [Test]
    public async Task Patch_ImmutableFields_AreRefusedAsFieldIsImmutable()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"a","v":"1"}},"spec":{"containers":[{"name":"a","image":"a"}]}}}}""");
        await SendAsync(HttpMethod.Post, $"/apis/batch/v1/namespaces/{ns}/jobs", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"a","image":"a"}]}}}}""");
        var (_, svc) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}""");
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/persistentvolumeclaims", """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"p"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");
        const string Merge = "application/merge-patch+json";

        var (selectorCode, selector) = await SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/d", """{"spec":{"selector":{"matchLabels":{"app":"a","v":"1"}}}}""", Merge);
        var (jobCode, job) = await SendAsync(HttpMethod.Patch, $"/apis/batch/v1/namespaces/{ns}/jobs/j", """{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"b"}]}}}}""", Merge);
        var (ipCode, ip) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/services/s", """{"spec":{"clusterIP":"10.96.200.200","clusterIPs":["10.96.200.200"]}}""", Merge);
        var (pvcCode, _) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/persistentvolumeclaims/p", """{"spec":{"accessModes":["ReadWriteMany"]}}""", Merge);
        var (growCode, _) = await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/persistentvolumeclaims/p", """{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}""", Merge);

        Assert.Multiple(() =>
        {
            Assert.That(selectorCode, Is.EqualTo(422));
            Assert.That((string?)selector!["message"], Does.Contain("spec.selector: Invalid value: ").And.Contain("field is immutable"));
            Assert.That(jobCode, Is.EqualTo(422));
            Assert.That((string?)job!["message"], Does.Contain("spec.template: Invalid value").And.Contain("field is immutable"));
            Assert.That(ipCode, Is.EqualTo(422));
            Assert.That((string?)ip!["message"], Does.Contain("spec.clusterIP: Invalid value: \"10.96.200.200\": field is immutable"));
            Assert.That(svc, Is.Not.Null);
            Assert.That(pvcCode, Is.EqualTo(422));
            Assert.That(growCode, Is.EqualTo(200), "resources.requests may change");
        });
    }

    [Test]
    public async Task Create_JobWithRestartAlways_IsRefused()
    {
        var ns = await NewNamespaceAsync();

        var (code, status) = await SendAsync(HttpMethod.Post, $"/apis/batch/v1/namespaces/{ns}/jobs", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a"}]}}}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That((string?)status!["message"], Does.Contain("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""));
        });
    }

    [Test]
    public async Task KubectlApply_ChangedSelector_FailsWithFieldIsImmutable()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        static string Manifest(string ns, string extra) => $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: {{ns}}}
            spec:
              selector: {matchLabels: {app: web{{extra}}} }
              template:
                metadata: {labels: {app: web, tier: x} }
                spec:
                  containers: [{name: web, image: "nginx:1.27"} ]
            """;

        await kubectl.OkWithInputAsync(Manifest(ns, string.Empty), "apply", "-f", "-");
        var changed = await kubectl.RunWithInputAsync(Manifest(ns, ", tier: x"), "apply", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(changed.ExitCode, Is.Not.EqualTo(0));
            Assert.That(changed.Stderr, Does.Contain("spec.selector").And.Contain("field is immutable"));
        });
    }

    [TestCase("""{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":3,"maxReplicas":2}""", "spec.maxReplicas", "Invalid value: 2: must be greater than or equal to `minReplicas`")]
    [TestCase("""{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":0,"maxReplicas":2}""", "spec.minReplicas", "Invalid value: 0: must be greater than or equal to 1")]
    [TestCase("""{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment"},"maxReplicas":2}""", "spec.scaleTargetRef.name", "Required value")]
    public async Task Create_HorizontalPodAutoscalerOutOfRules_Is422(string spec, string field, string message)
    {
        var ns = await NewNamespaceAsync();

        var (code, status) = await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers",
            """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"h"},"spec":SPEC}""".Replace("SPEC", spec, StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(Fields(status), Is.EqualTo(new[] { field }));
            Assert.That((string?)status!["details"]!["causes"]![0]!["message"], Is.EqualTo(message));
        });
    }
}
