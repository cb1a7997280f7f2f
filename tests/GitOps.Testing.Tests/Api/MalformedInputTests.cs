using System.Text;
using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Api;

/// <summary>Random and malformed bodies: every answer is a 2xx or a 4xx Status, never a 500 or a dropped connection.</summary>
[TestFixture]
public sealed class MalformedInputTests : EmulatorFixture
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "\"\\u0000\"", "{\"metadata\":5}", "{\"metadata\":{\"name\":{}}}",
        "{\"metadata\":{\"labels\":[1]}}", "{\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":1}}}", "{\"kind\":7}", "{\"apiVersion\":\"v2\",\"kind\":\"ConfigMap\"}",
        "[{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/x\"}]", "[{\"op\":\"bogus\",\"path\":\"\"}]", "{\"spec\":{\"$patch\":\"explode\"}}",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"no-key\"}]}}}}", "{\"metadata\":{\"finalizers\":\"x\"}}",
        "{\"metadata\":{\"ownerReferences\":[{}]}}", "{\"data\":{\"k\":[]}}", "k8s\u0000garbage", "- a\n- b\n", "a: [\n",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/merge-patch+json", "application/json-patch+json", "application/strategic-merge-patch+json",
        "application/apply-patch+yaml", "application/vnd.kubernetes.protobuf", "text/plain", "application/yaml",
    ];

    [Test]
    public async Task RandomBodies_OnEveryWriteVerb_AnswerStatusNever500()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"}}""");
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"target"},"spec":{"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}}}""");
        var random = new Random(1234);
        var targets = new[]
        {
            (HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps"),
            (HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/target"),
            (HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/target?fieldManager=fuzz"),
            (HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/target?fieldManager=fuzz"),
            (HttpMethod.Put, $"/apis/apps/v1/namespaces/{ns}/deployments/target/status"),
            (HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/target?dryRun=All"),
            (HttpMethod.Post, "/api/v1/namespaces"),
        };
        var failures = new List<string>();

        for (var i = 0; i < 300; i++)
        {
            var (method, path) = targets[random.Next(targets.Length)];
            var body = Body(random);
            var contentType = ContentTypes[random.Next(ContentTypes.Length)];
            var (code, status) = await SendAsync(method, path, body, contentType);
            var isStatus = status is not null && (string?)status["kind"] == "Status" && (int?)status["code"] == code;
            if (code >= 500 || (code >= 400 && !isStatus))
            {
                failures.Add($"{method} {path} [{contentType}] {body} -> {code} {status?.ToJsonString()}");
            }
        }

        var (afterCode, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces");
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty);
            Assert.That(afterCode, Is.EqualTo(200));
        });
    }

    [TestCase("/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(", 400)]
    [TestCase("/api/v1/namespaces/default/configmaps?labelSelector=!!a", 400)]
    [TestCase("/api/v1/namespaces/default/configmaps?fieldSelector=spec.foo%3Dx", 400)]
    [TestCase("/api/v1/namespaces/default/configmaps?limit=-1", 400)]
    [TestCase("/api/v1/namespaces/default/configmaps?continue=%25%25", 400)]
    [TestCase("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=abc", 400)]
    [TestCase("/api/v1/namespaces/default/nosuchthings", 404)]
    [TestCase("/apis/nosuch.group/v1/things", 404)]
    [TestCase("/api/v1/namespaces/default/configmaps/x/bogus", 404)]
    public async Task BadQueries_AnswerTheRealStatusCode(string path, int expected)
    {
        var (code, status) = await SendAsync(HttpMethod.Get, path);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(expected));
            Assert.That((string?)status?["kind"], Is.EqualTo("Status"));
        });
    }

    [Test]
    public async Task Create_KindNotMatchingUrl_IsBadRequest()
    {
        var (code, status) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(400));
            Assert.That((string?)status!["message"], Does.Contain("the kind in the data (Secret) does not match the expected kind (ConfigMap)"));
        });
    }

    [Test]
    public async Task Patch_UnknownContentType_Is415()
    {
        var (code, status) = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/x", "{}", "text/plain");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(415));
            Assert.That((string?)status!["reason"], Is.EqualTo("UnsupportedMediaType"));
        });
    }

    [Test]
    public async Task Create_WithResourceVersion_IsBadRequest()
    {
        var (code, status) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rv","resourceVersion":"5"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(400));
            Assert.That((string?)status!["message"], Is.EqualTo("resourceVersion should not be set on objects to be created"));
        });
    }

    [Test]
    public async Task Create_InvalidOwnerReferences_IsInvalidNamingEachField()
    {
        var (code, status) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owned","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"a","uid":"1","controller":true},{"kind":"ConfigMap","name":"b","uid":"2","controller":true}]}}""");

        var fields = status!["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(fields, Is.EquivalentTo(new[] { "metadata.ownerReferences[1].apiVersion", "metadata.ownerReferences" }));
        });
    }

    [Test]
    public async Task Update_CustomResourceWithoutResourceVersion_IsInvalid()
    {
        await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"knobs.example.com"},"spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"knobs","kind":"Knob"},"versions":[{"name":"v1","served":true,"storage":true}]}}""");
        await SendAsync(HttpMethod.Post, "/apis/example.com/v1/namespaces/default/knobs", """{"apiVersion":"example.com/v1","kind":"Knob","metadata":{"name":"k"}}""");

        var (code, status) = await SendAsync(HttpMethod.Put, "/apis/example.com/v1/namespaces/default/knobs/k", """{"apiVersion":"example.com/v1","kind":"Knob","metadata":{"name":"k"},"spec":{"x":1}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That((string?)status!["details"]!["causes"]![0]!["field"], Is.EqualTo("metadata.resourceVersion"));
        });
    }

    private static string Body(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                var bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                return Encoding.Latin1.GetString(bytes);
            case 1:
                return string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            case 2:
                return Fragments[random.Next(Fragments.Length)];
            default:
                var valid = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "target" }, ["data"] = new JsonObject { ["k"] = "v" } }.ToJsonString();
                return valid[..random.Next(valid.Length)];
        }
    }
}
