using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Api;

/// <summary>Version, discovery (plain and aggregated), OpenAPI and what kubectl builds from them.</summary>
[TestFixture]
public sealed class DiscoveryTests : EmulatorFixture
{
    [Test]
    public async Task Version_ReportsTheConfiguredVersion()
    {
        var (code, body) = await SendAsync(HttpMethod.Get, "/version");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200));
            Assert.That((string?)body!["gitVersion"], Is.EqualTo("v1.33.0"));
            Assert.That((string?)body["major"], Is.EqualTo("1"));
            Assert.That((string?)body["minor"], Is.EqualTo("33"));
        });
    }

    [Test]
    public async Task GroupVersion_ListsResourcesWithVerbsScopeAndNames()
    {
        var (_, body) = await SendAsync(HttpMethod.Get, "/apis/apps/v1");

        var resources = body!["resources"]!.AsArray().ToDictionary(r => (string)r!["name"]!);
        var deployments = resources["deployments"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["kind"], Is.EqualTo("APIResourceList"));
            Assert.That((string?)body["groupVersion"], Is.EqualTo("apps/v1"));
            Assert.That((bool)deployments["namespaced"]!, Is.True);
            Assert.That((string?)deployments["kind"], Is.EqualTo("Deployment"));
            Assert.That(deployments["verbs"]!.AsArray().Select(v => (string?)v), Is.EquivalentTo(new[] { "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch" }));
            Assert.That(deployments["shortNames"]!.AsArray().Select(v => (string?)v), Is.EqualTo(new[] { "deploy" }));
            Assert.That(deployments["categories"]!.AsArray().Select(v => (string?)v), Is.EqualTo(new[] { "all" }));
            Assert.That(resources.ContainsKey("deployments/status"), Is.True);
        });
    }

    [Test]
    public async Task Apis_AggregatedAccept_AnswersTheV2DiscoveryDocument()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var apps = body["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "deployments")!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.ToString(), Does.Contain("as=APIGroupDiscoveryList"));
            Assert.That((string?)body["kind"], Is.EqualTo("APIGroupDiscoveryList"));
            Assert.That((string?)deployments["scope"], Is.EqualTo("Namespaced"));
            Assert.That((string?)deployments["subresources"]![0]!["subresource"], Is.EqualTo("status"));
        });
    }

    [Test]
    public async Task Apis_PlainAccept_AnswersTheGroupList()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var apps = body["groups"]!.AsArray().Single(g => (string?)g!["name"] == "apps")!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)body["kind"], Is.EqualTo("APIGroupList"));
            Assert.That((string?)apps["preferredVersion"]!["groupVersion"], Is.EqualTo("apps/v1"));
        });
    }

    [Test]
    public async Task OpenApiV3_IndexesEveryGroupVersionAndDeclaresFieldValidation()
    {
        var (_, index) = await SendAsync(HttpMethod.Get, "/openapi/v3");
        var url = (string)index!["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!;
        var (_, doc) = await SendAsync(HttpMethod.Get, url);

        var patch = doc!["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Multiple(() =>
        {
            Assert.That(index["paths"]!["api/v1"], Is.Not.Null);
            Assert.That(patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]), Does.Contain("fieldValidation"));
            Assert.That((string?)patch["x-kubernetes-group-version-kind"]!["kind"], Is.EqualTo("Deployment"));
        });
    }

    [Test]
    public async Task KubectlExplain_ShowsTheKind()
    {
        var output = await Kubectl().OkAsync("explain", "deployment");

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("KIND:       Deployment"));
            Assert.That(output, Does.Contain("GROUP:      apps"));
            Assert.That(output, Does.Contain("spec\t<Object>"));
        });
    }

    [Test]
    public async Task KubectlGet_TableOutput_HasNameAgeAndNamespaceColumns()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkAsync("-n", ns, "create", "configmap", "shown");

        var one = await kubectl.OkAsync("-n", ns, "get", "configmaps");
        var all = await kubectl.OkAsync("get", "configmaps", "-A");

        Assert.Multiple(() =>
        {
            Assert.That(one, Does.Match(@"^NAME\s+DATA\s+AGE\nshown\s+0\s+\d+s\n$"));
            Assert.That(all, Does.Match($@"NAMESPACE\s+NAME\s+DATA\s+AGE\n(.*\n)*{ns}\s+shown\s+0\s+\d+s"));
        });
    }

    [Test]
    public async Task KubectlGet_BuiltInAndCrdPrinterColumns()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkAsync("-n", ns, "create", "secret", "generic", "s", "--from-literal=a=b");
        await kubectl.OkAsync("-n", ns, "create", "deployment", "d", "--image=nginx", "--replicas=3");
        await kubectl.OkWithInputAsync("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: pets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: pets, kind: Pet}
              versions:
              - name: v1
                served: true
                storage: true
                additionalPrinterColumns:
                - {name: Species, type: string, jsonPath: .spec.species}
                - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """, "apply", "-f", "-");
        await kubectl.OkAsync("wait", "--for=condition=Established", "crd/pets.example.com", "--timeout=10s");
        await kubectl.OkWithInputAsync($"apiVersion: example.com/v1\nkind: Pet\nmetadata: {{name: rex, namespace: {ns}}}\nspec: {{species: dog}}\nstatus: {{conditions: [{{type: Ready, status: 'True'}}]}}\n", "apply", "-f", "-");

        await kubectl.OkAsync("-n", ns, "wait", "--for=condition=Available", "deployment/d", "--timeout=20s");
        var secrets = await kubectl.OkAsync("-n", ns, "get", "secrets");
        var deployments = await kubectl.OkAsync("-n", ns, "get", "deployments");
        var pets = await kubectl.OkAsync("-n", ns, "get", "pets");

        Assert.Multiple(() =>
        {
            Assert.That(secrets, Does.Match(@"NAME\s+TYPE\s+DATA\s+AGE\ns\s+Opaque\s+1\s+\d+s"));
            Assert.That(deployments, Does.Match(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nd\s+3/3\s+3\s+3\s+\d+s"));
            Assert.That(pets, Does.Match(@"^NAME\s+SPECIES\s+READY\nrex\s+dog\s+True\n$"), "CRD columns replace the generic Age column");
        });
    }
}
