using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Apply;

/// <summary>Server-side apply over HTTP with YAML bodies: ownership, list-map merging, conflicts, removal.</summary>
[TestFixture]
public sealed class ServerSideApplyTests : EmulatorFixture
{
    private const string ApplyType = "application/apply-patch+yaml";

    private static string Deployment(string containers, string extra = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          selector:
            matchLabels:
              app: d
        {extra}  template:
            metadata:
              labels:
                app: d
            spec:
              containers:
        {containers}
        """;

    private Task<(int Code, JsonObject? Body)> ApplyAsync(string ns, string manager, string yaml, bool force = false) =>
        SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/d?fieldManager={manager}{(force ? "&force=true" : string.Empty)}", yaml, ApplyType);

    [Test]
    public async Task Apply_NewObject_CreatesItWith201AndAnApplyEntry()
    {
        var ns = await NewNamespaceAsync();

        var (code, body) = await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1"));

        var entry = body!["metadata"]!["managedFields"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(201));
            Assert.That((string?)entry["manager"], Is.EqualTo("alice"));
            Assert.That((string?)entry["operation"], Is.EqualTo("Apply"));
            Assert.That((string?)entry["fieldsType"], Is.EqualTo("FieldsV1"));
            Assert.That(entry["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"a\"}"]!["f:image"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Apply_TwoManagersDifferentContainers_MergesTheListByName()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1"));

        var (code, body) = await ApplyAsync(ns, "bob", Deployment("      - name: b\n        image: b:1"));

        var containers = body!["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200));
            Assert.That(containers.Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public async Task Apply_OtherManagersField_ConflictsWithCausesUnlessForced()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1"));

        var (code, status) = await ApplyAsync(ns, "bob", Deployment("      - name: a\n        image: a:2"));
        var (forcedCode, forced) = await ApplyAsync(ns, "bob", Deployment("      - name: a\n        image: a:2"), force: true);
        var (sameValueCode, _) = await ApplyAsync(ns, "carol", Deployment("      - name: a\n        image: a:2"));

        var owners = forced!["metadata"]!["managedFields"]!.AsArray().ToDictionary(m => (string)m!["manager"]!, m => m!["fieldsV1"]!.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(409));
            Assert.That((string?)status!["reason"], Is.EqualTo("Conflict"));
            Assert.That((string?)status["message"], Is.EqualTo("Apply failed with 1 conflict: conflict with \"alice\": .spec.template.spec.containers[name=\"a\"].image"));
            Assert.That((string?)status["details"]!["causes"]![0]!["reason"], Is.EqualTo("FieldManagerConflict"));
            Assert.That(forcedCode, Is.EqualTo(200));
            Assert.That(owners["alice"], Does.Not.Contain("f:image"), "forcing takes the field away from its owner");
            Assert.That(owners["bob"], Does.Contain("f:image"));
            Assert.That(sameValueCode, Is.EqualTo(200), "applying the same value shares ownership without conflict");
        });
    }

    [Test]
    public async Task Apply_ManagerDropsField_RemovedUnlessSharedOrOwnedByUpdate()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1", "  replicas: 2\n  minReadySeconds: 5\n"));
        await ApplyAsync(ns, "bob", Deployment("      - name: a\n        image: a:1", "  replicas: 2\n"));

        var (_, body) = await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1"));

        Assert.Multiple(() =>
        {
            Assert.That((int?)body!["spec"]!["replicas"], Is.EqualTo(2), "bob still applies replicas");
            Assert.That(body["spec"]!["minReadySeconds"], Is.Null, "no one else owns minReadySeconds");
        });
    }

    [Test]
    public async Task Apply_AtomicList_IsReplacedWhole()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1\n        args: [x, y]"));

        var (_, body) = await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1\n        args: [z]"));

        Assert.That(body!["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a), Is.EqualTo(new[] { "z" }));
    }

    [Test]
    public async Task Apply_WithoutFieldManager_IsBadRequest()
    {
        var ns = await NewNamespaceAsync();

        var (code, status) = await SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/d", Deployment("      - name: a\n        image: a"), ApplyType);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(400));
            Assert.That((string?)status!["message"], Does.Contain("fieldManager is required"));
        });
    }

    [Test]
    public async Task Apply_StatusSubresource_OwnsStatusOnly()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1"));

        var (code, body) = await SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/d/status?fieldManager=controller", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nstatus: {replicas: 3}\nspec: {replicas: 9}\n", ApplyType);

        var entry = body!["metadata"]!["managedFields"]!.AsArray().Single(m => (string?)m!["manager"] == "controller")!;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200));
            Assert.That((int?)body["status"]!["replicas"], Is.EqualTo(3));
            Assert.That((int?)body["spec"]!["replicas"], Is.EqualTo(1), "spec does not change through /status (1 is the default)");
            Assert.That((string?)entry["subresource"], Is.EqualTo("status"));
            Assert.That(entry["fieldsV1"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "f:status" }));
        });
    }

    [Test]
    public async Task Apply_ManagerDropsListItem_RemovesItButKeepsOthersItems()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1\n      - name: gone\n        image: g:1"));
        await ApplyAsync(ns, "bob", Deployment("      - name: b\n        image: b:1"));

        var (_, body) = await ApplyAsync(ns, "alice", Deployment("      - name: a\n        image: a:1"));

        Assert.That(body!["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task Apply_ContainerPorts_AreKeyedByPortAndProtocolWithTcpDefault()
    {
        var ns = await NewNamespaceAsync();

        var (_, body) = await ApplyAsync(ns, "alice", Deployment("      - name: dns\n        image: dns\n        ports: [{containerPort: 53}, {containerPort: 53, protocol: UDP}]"));

        var ports = body!["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"dns\"}"]!["f:ports"]!.AsObject();
        Assert.That(ports.Select(p => p.Key), Is.EquivalentTo(new[] { "k:{\"containerPort\":53,\"protocol\":\"TCP\"}", "k:{\"containerPort\":53,\"protocol\":\"UDP\"}" }));
    }

    [Test]
    public async Task Apply_CustomResourceLists_FollowTheSchemaListType()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"fleets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"fleets","kind":"Fleet"},
             "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{
               "keyed":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object","properties":{"name":{"type":"string"},"size":{"type":"integer"}}}},
               "containers":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}}}}}}}}]}}
            """);
        var path = $"/apis/example.com/v1/namespaces/{ns}/fleets/f";
        static string Fleet(string keyed, string containers) => $"apiVersion: example.com/v1\nkind: Fleet\nmetadata: {{name: f}}\nspec: {{keyed: {keyed}, containers: {containers}}}\n";

        await SendAsync(HttpMethod.Patch, path + "?fieldManager=alice", Fleet("[{name: a, size: 1}]", "[{name: x}]"), ApplyType);
        var (code, body) = await SendAsync(HttpMethod.Patch, path + "?fieldManager=bob", "apiVersion: example.com/v1\nkind: Fleet\nmetadata: {name: f}\nspec: {keyed: [{name: b, size: 2}]}\n", ApplyType);
        var (atomicCode, _) = await SendAsync(HttpMethod.Patch, path + "?fieldManager=bob", "apiVersion: example.com/v1\nkind: Fleet\nmetadata: {name: f}\nspec: {containers: [{name: y}]}\n", ApplyType);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200));
            Assert.That(body!["spec"]!["keyed"]!.AsArray().Select(i => (string?)i!["name"]), Is.EqualTo(new[] { "a", "b" }), "a declared list-map merges by key");
            Assert.That(atomicCode, Is.EqualTo(409), "an undeclared list is atomic: bob's list conflicts with alice's, even though it is named containers");
        });
    }
}
