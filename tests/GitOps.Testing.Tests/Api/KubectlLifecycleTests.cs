using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Api;

/// <summary>Real kubectl: typed create commands (protobuf bodies), deletes with each cascade, namespaces and CRDs.</summary>
[TestFixture]
public sealed class KubectlLifecycleTests : EmulatorFixture
{
    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Test]
    public async Task Create_TypedCommands_SendProtobufAndAreStored()
    {
        var kubectl = Kubectl();
        var ns = $"create-{Guid.NewGuid():N}"[..16];

        await kubectl.OkAsync("create", "namespace", ns);
        await kubectl.OkAsync("-n", ns, "create", "configmap", "c", "--from-literal=a=b");
        await kubectl.OkAsync("-n", ns, "create", "secret", "generic", "s", "--from-literal=p=q");
        await kubectl.OkAsync("-n", ns, "create", "serviceaccount", "robot");
        await kubectl.OkAsync("-n", ns, "create", "deployment", "d", "--image=nginx", "--replicas=2", "--port=80");
        await kubectl.OkAsync("-n", ns, "create", "service", "clusterip", "svc", "--tcp=80:8080");
        await kubectl.OkAsync("-n", ns, "create", "role", "r", "--verb=get", "--resource=pods");
        await kubectl.OkAsync("-n", ns, "create", "rolebinding", "rb", "--role=r", "--user=bob");
        var deployment = Parse(await kubectl.OkAsync("-n", ns, "get", "deployment", "d", "-o", "json"));
        var secret = Parse(await kubectl.OkAsync("-n", ns, "get", "secret", "s", "-o", "json"));
        var service = Parse(await kubectl.OkAsync("-n", ns, "get", "service", "svc", "-o", "json"));
        var binding = Parse(await kubectl.OkAsync("-n", ns, "get", "rolebinding", "rb", "-o", "json"));

        Assert.Multiple(() =>
        {
            Assert.That((int)deployment["spec"]!["replicas"]!, Is.EqualTo(2));
            Assert.That((string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"], Is.EqualTo("nginx"));
            Assert.That((int)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!, Is.EqualTo(80));
            Assert.That(deployment["metadata"]!["creationTimestamp"], Is.Not.Null);
            Assert.That((string?)secret["data"]!["p"], Is.EqualTo("cQ=="), "secret data is base64 in JSON");
            Assert.That((int)service["spec"]!["ports"]![0]!["targetPort"]!, Is.EqualTo(8080));
            Assert.That((string?)binding["roleRef"]!["name"], Is.EqualTo("r"));
            Assert.That((string?)binding["subjects"]![0]!["name"], Is.EqualTo("bob"));
        });
    }

    [Test]
    public async Task ApiResources_ListsBuiltInKindsWithShortNames()
    {
        var output = await Kubectl().OkAsync("api-resources");

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Match(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment"));
            Assert.That(output, Does.Match(@"namespaces\s+ns\s+v1\s+false\s+Namespace"));
            Assert.That(output, Does.Match(@"customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io/v1\s+false\s+CustomResourceDefinition"));
            Assert.That(output, Does.Match(@"horizontalpodautoscalers\s+hpa\s+autoscaling/v2\s+true\s+HorizontalPodAutoscaler"));
        });
    }

    [Test]
    public async Task Crd_CreatedThenWaitedFor_ServesItsKindUntilDeleted()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkWithInputAsync(WidgetCrd, "apply", "-f", "-");

        var wait = await kubectl.OkAsync("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s");
        await kubectl.OkWithInputAsync($"apiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: w1, namespace: {ns}}}\nspec: {{size: 3}}\n", "apply", "-f", "-");
        var listed = await kubectl.OkAsync("-n", ns, "get", "wd", "-o", "name");
        var resources = await kubectl.OkAsync("api-resources", "--api-group=example.com");
        await kubectl.OkAsync("delete", "crd", "widgets.example.com");
        var after = await SendAsync(HttpMethod.Get, $"/apis/example.com/v1/namespaces/{ns}/widgets/w1");

        Assert.Multiple(() =>
        {
            Assert.That(wait, Does.Contain("condition met"));
            Assert.That(listed.Trim(), Is.EqualTo("widget.example.com/w1"));
            Assert.That(resources, Does.Match(@"widgets\s+wd\s+example.com/v1\s+true\s+Widget"));
            Assert.That(after.Code, Is.EqualTo(404), "deleting the CRD stops serving its kind and removes its objects");
        });
    }

    [Test]
    public async Task Crd_AppliedTogetherWithItsObject_FailsLikeARealClusterUntilInstalled()
    {
        var kubectl = Kubectl();
        var crd = WidgetCrd.Replace("widgets", "gadgets", StringComparison.Ordinal).Replace("Widget", "Gadget", StringComparison.Ordinal)
            .Replace("widget", "gadget", StringComparison.Ordinal).Replace("[wd]", "[gd]", StringComparison.Ordinal);

        var result = await kubectl.RunWithInputAsync(crd + "\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1, namespace: default}\n", "apply", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Does.Contain("customresourcedefinition.apiextensions.k8s.io/gadgets.example.com created"));
            Assert.That(result.Stderr, Does.Contain("ensure CRDs are installed first"));
        });
    }

    [Test]
    [TestCase("background")]
    [TestCase("foreground")]
    public async Task Delete_OwnerWithCascade_DeletesDependents(string cascade)
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkAsync("-n", ns, "create", "configmap", "owner");
        var uid = await kubectl.OkAsync("-n", ns, "get", "configmap", "owner", "-o", "jsonpath={.metadata.uid}");
        await kubectl.OkWithInputAsync(Dependent(ns, uid), "apply", "-f", "-");

        var deleted = await kubectl.OkAsync("-n", ns, "delete", "configmap", "owner", $"--cascade={cascade}");
        var left = await kubectl.OkAsync("-n", ns, "get", "configmaps", "-o", "name");

        Assert.Multiple(() =>
        {
            Assert.That(deleted, Does.Contain("configmap \"owner\" deleted"));
            Assert.That(left.Trim(), Is.Empty);
        });
    }

    [Test]
    public async Task Delete_OwnerWithOrphanCascade_KeepsDependentsWithoutTheOwnerReference()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkAsync("-n", ns, "create", "configmap", "owner");
        var uid = await kubectl.OkAsync("-n", ns, "get", "configmap", "owner", "-o", "jsonpath={.metadata.uid}");
        await kubectl.OkWithInputAsync(Dependent(ns, uid), "apply", "-f", "-");

        await kubectl.OkAsync("-n", ns, "delete", "configmap", "owner", "--cascade=orphan");
        var child = Parse(await kubectl.OkAsync("-n", ns, "get", "configmap", "child", "-o", "json"));

        Assert.That(child["metadata"]!["ownerReferences"], Is.Null);
    }

    [Test]
    public async Task Delete_Namespace_RemovesItsContents()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkAsync("-n", ns, "create", "configmap", "c");
        await kubectl.OkAsync("-n", ns, "create", "serviceaccount", "sa");

        var deleted = await kubectl.OkAsync("delete", "namespace", ns);
        var gone = await kubectl.RunAsync("get", "namespace", ns);
        var configMap = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c");

        Assert.Multiple(() =>
        {
            Assert.That(deleted, Does.Contain($"namespace \"{ns}\" deleted"));
            Assert.That(gone.ExitCode, Is.Not.Zero);
            Assert.That(gone.Stderr, Does.Contain($"namespaces \"{ns}\" not found"));
            Assert.That(configMap.Code, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Scale_Deployment_WritesReplicasThroughTheScaleSubresource()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkAsync("-n", ns, "create", "deployment", "d", "--image=nginx");
        Emulator.RequestLog.Clear();

        var scaled = await kubectl.OkAsync("-n", ns, "scale", "deployment", "d", "--replicas=4");
        var deployment = Parse(await kubectl.OkAsync("-n", ns, "get", "deployment", "d", "-o", "json"));
        var (_, scale) = await SendAsync(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/deployments/d/scale");

        Assert.Multiple(() =>
        {
            Assert.That(scaled, Does.Contain("deployment.apps/d scaled"));
            Assert.That(Emulator.RequestLog.Count("patch", "deployments.apps/scale"), Is.EqualTo(1));
            Assert.That((int)deployment["spec"]!["replicas"]!, Is.EqualTo(4));
            Assert.That((long)deployment["metadata"]!["generation"]!, Is.EqualTo(2));
            Assert.That((string?)scale!["kind"], Is.EqualTo("Scale"));
            Assert.That((string?)scale["status"]!["selector"], Is.EqualTo("app=d"));
        });
    }

    [Test]
    public async Task Scale_CustomResourceWithScaleSubresource_UsesTheDeclaredPaths()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        var crd = WidgetCrd.Replace("widgets", "scalers", StringComparison.Ordinal).Replace("Widget", "Scaler", StringComparison.Ordinal)
            .Replace("widget", "scaler", StringComparison.Ordinal).Replace("[wd]", "[sc1]", StringComparison.Ordinal)
            .Replace("subresources: {status: {}}", "subresources: {status: {}, scale: {specReplicasPath: .spec.count, statusReplicasPath: .status.count}}", StringComparison.Ordinal);
        await kubectl.OkWithInputAsync(crd, "apply", "-f", "-");
        await kubectl.OkAsync("wait", "--for=condition=Established", "crd/scalers.example.com", "--timeout=10s");
        await kubectl.OkWithInputAsync($"apiVersion: example.com/v1\nkind: Scaler\nmetadata: {{name: s, namespace: {ns}}}\nspec: {{count: 1}}\n", "apply", "-f", "-");

        await kubectl.OkAsync("-n", ns, "scale", "scaler", "s", "--replicas=3");
        var count = await kubectl.OkAsync("-n", ns, "get", "scaler", "s", "-o", "jsonpath={.spec.count}");

        Assert.That(count, Is.EqualTo("3"));
    }

    private static string Dependent(string ns, string ownerUid) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: child
          namespace: {{ns}}
          ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: "{{ownerUid}}", blockOwnerDeletion: true}]
        """;
}
