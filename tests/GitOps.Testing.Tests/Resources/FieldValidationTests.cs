using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Resources;

/// <summary>Unknown fields on built-in kinds: refused under Strict, dropped with a warning under Warn, dropped under Ignore.</summary>
[TestFixture]
public sealed class FieldValidationTests : EmulatorFixture
{
    private const string TypoDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicaz: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: nginx
                imagePullPolicyy: Always
                ports: [{containerPort: 80, protocoll: TCP}]
        """;

    [TestCase("client-side")]
    [TestCase("server-side")]
    public async Task KubectlApply_UnknownFields_FailsNamingEachField(string mode)
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        var args = mode == "server-side" ? new[] { "-n", ns, "apply", "--server-side", "-f", "-" } : ["-n", ns, "apply", "-f", "-"];

        var result = await kubectl.RunWithInputAsync(TypoDeployment, args);
        var (code, _) = await SendAsync(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/deployments/web");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("spec.replicaz"));
            Assert.That(result.Stderr, Does.Contain("spec.template.spec.containers[0].imagePullPolicyy"));
            Assert.That(result.Stderr, Does.Contain("spec.template.spec.containers[0].ports[0].protocoll"));
            Assert.That(code, Is.EqualTo(404), "nothing stored");
        });
    }

    [Test]
    public async Task KubectlApply_ValidateWarn_DropsUnknownFieldsWithWarnings()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();

        var result = await kubectl.RunWithInputAsync(TypoDeployment, "-n", ns, "apply", "--validate=warn", "-f", "-");
        var (_, stored) = await SendAsync(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/deployments/web");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            Assert.That(result.Stderr, Does.Contain("unknown field \"spec.replicaz\""));
            Assert.That(stored!["spec"]!["replicaz"], Is.Null);
            Assert.That(stored["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicyy"], Is.Null);
            Assert.That((int?)stored["spec"]!["replicas"], Is.EqualTo(1), "defaulted, since the typo was dropped");
        });
    }

    [Test]
    public async Task Create_KnownFieldsOfEveryNestingLevel_AreKept()
    {
        var ns = await NewNamespaceAsync();
        var (code, body) = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods?fieldValidation=Strict", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"any-key":"v"},"annotations":{"a":"b"}},
             "spec":{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":"1"}},"env":[{"name":"X","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
               "livenessProbe":{"httpGet":{"path":"/","port":"http"}}}],
              "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"k","operator":"In","values":["a"]}]}]}}},
              "volumes":[{"name":"v","configMap":{"name":"cm","items":[{"key":"a","path":"b"}]}}]}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(201), body?.ToJsonString());
            Assert.That((string?)body!["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!["operator"], Is.EqualTo("In"));
            Assert.That((string?)body["spec"]!["containers"]![0]!["env"]![0]!["valueFrom"]!["fieldRef"]!["fieldPath"], Is.EqualTo("metadata.name"));
        });
    }

    [Test]
    public async Task Create_UnknownFieldWithIgnore_IsDroppedSilently()
    {
        var ns = await NewNamespaceAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Ignore")
        {
            Content = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"dataa":{"a":"b"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(201));
            Assert.That(response.Headers.Contains("Warning"), Is.False);
            Assert.That(body["dataa"], Is.Null);
        });
    }
}
