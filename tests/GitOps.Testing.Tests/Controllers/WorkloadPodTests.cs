using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Controllers;

/// <summary>The pods StatefulSets, DaemonSets and Jobs run: names, labels, ordering, updates and counts.</summary>
[TestFixture]
public sealed class WorkloadPodTests : EmulatorFixture
{
    protected override KubernetesEmulatorOptions Options => new() { Controllers = { Delay = TimeSpan.FromMilliseconds(20) } };

    private static string Template(string image) =>
        """{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"IMAGE"}]}}""".Replace("IMAGE", image, StringComparison.Ordinal);

    private async Task<List<JsonObject>> PodsAsync(string ns)
    {
        var (_, pods) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        return [.. pods!["items"]!.AsArray().OfType<JsonObject>().Where(p => p["metadata"]!["deletionTimestamp"] is null).OrderBy(p => (string?)p["metadata"]!["name"], StringComparer.Ordinal)];
    }

    private static string? Label(JsonObject obj, string key) => (string?)obj["metadata"]!["labels"]?[key];

    private static string? Owner(JsonObject obj) => (string?)obj["metadata"]!["ownerReferences"]?[0]?["kind"];

    [Test]
    public async Task StatefulSet_Created_RunsOrdinalPodsWithClaims()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/statefulsets", """
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"x"}},
             "template":TEMPLATE,
             "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
            """.Replace("TEMPLATE", Template("postgres:16"), StringComparison.Ordinal));

        var sts = await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/statefulsets/db", s => (int?)s["status"]?["readyReplicas"] == 3);
        var pods = await PodsAsync(ns);
        var claim = await EventuallyAsync($"/api/v1/namespaces/{ns}/persistentvolumeclaims/data-db-2", c => (string?)c["status"]?["phase"] == "Bound");

        Assert.Multiple(() =>
        {
            Assert.That(pods.Select(p => (string?)p["metadata"]!["name"]), Is.EqualTo(new[] { "db-0", "db-1", "db-2" }));
            Assert.That(pods.Select(Owner), Is.All.EqualTo("StatefulSet"));
            Assert.That(pods.Select(p => Label(p, "controller-revision-hash")), Is.All.EqualTo((string?)sts["status"]!["updateRevision"]));
            Assert.That(Label(pods[2], "apps.kubernetes.io/pod-index"), Is.EqualTo("2"));
            Assert.That(Label(pods[2], "statefulset.kubernetes.io/pod-name"), Is.EqualTo("db-2"));
            Assert.That((string?)sts["status"]!["currentRevision"], Is.EqualTo((string?)sts["status"]!["updateRevision"]));
            Assert.That(Label(claim, "app"), Is.EqualTo("x"));
        });
    }

    [Test]
    public async Task StatefulSet_FailingImage_StopsAtTheFirstPod()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/statefulsets",
            """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"x"}},"template":TEMPLATE}}"""
                .Replace("TEMPLATE", Template("postgres:fail"), StringComparison.Ordinal));

        var sts = await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/statefulsets/db", s => (int?)s["status"]?["replicas"] == 1);
        await Task.Delay(200);
        var pods = await PodsAsync(ns);

        Assert.Multiple(() =>
        {
            Assert.That(pods.Select(p => (string?)p["metadata"]!["name"]), Is.EqualTo(new[] { "db-0" }), "OrderedReady waits for db-0 to be ready");
            Assert.That((int?)sts["status"]!["readyReplicas"], Is.Zero);
        });
    }

    [Test]
    public async Task StatefulSet_TemplateChangedAndScaledDown_RollsPodsToTheNewRevision()
    {
        var ns = await NewNamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/statefulsets";
        await SendAsync(HttpMethod.Post, path,
            """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"x"}},"template":TEMPLATE}}"""
                .Replace("TEMPLATE", Template("postgres:16"), StringComparison.Ordinal));
        var before = await EventuallyAsync($"{path}/db", s => (int?)s["status"]?["readyReplicas"] == 3);

        await SendAsync(HttpMethod.Patch, $"{path}/db", """{"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"postgres:17"}]}}}}""", "application/merge-patch+json");
        var after = await EventuallyAsync($"{path}/db", s =>
            (string?)s["status"]?["currentRevision"] == (string?)s["status"]?["updateRevision"]
            && (string?)s["status"]?["updateRevision"] != (string?)before["status"]!["updateRevision"]
            && (int?)s["status"]?["readyReplicas"] == 2);
        var pods = await PodsAsync(ns);

        Assert.Multiple(() =>
        {
            Assert.That(pods.Select(p => (string?)p["metadata"]!["name"]), Is.EqualTo(new[] { "db-0", "db-1" }));
            Assert.That(pods.Select(p => (string?)p["spec"]!["containers"]![0]!["image"]), Is.All.EqualTo("postgres:17"));
            Assert.That((int?)after["status"]!["updatedReplicas"], Is.EqualTo(2));
        });
    }

    [Test]
    public async Task DaemonSet_TemplateChanged_ReplacesItsPod()
    {
        var ns = await NewNamespaceAsync();
        var path = $"/apis/apps/v1/namespaces/{ns}/daemonsets";
        await SendAsync(HttpMethod.Post, path,
            """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":TEMPLATE}}"""
                .Replace("TEMPLATE", Template("agent:1"), StringComparison.Ordinal));
        await EventuallyAsync($"{path}/agent", d => (int?)d["status"]?["numberReady"] == 1);
        var first = (await PodsAsync(ns)).Single();

        await SendAsync(HttpMethod.Patch, $"{path}/agent", """{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"agent:2"}]}}}}""", "application/merge-patch+json");
        var ds = await EventuallyAsync($"{path}/agent", d => (long?)d["status"]?["observedGeneration"] == 2 && (int?)d["status"]?["numberReady"] == 1 && (int?)d["status"]?["updatedNumberScheduled"] == 1);
        var pods = await PodsAsync(ns);

        Assert.Multiple(() =>
        {
            Assert.That(pods, Has.Count.EqualTo(1));
            Assert.That((string?)pods[0]["metadata"]!["name"], Is.Not.EqualTo((string?)first["metadata"]!["name"]));
            Assert.That((string?)pods[0]["spec"]!["containers"]![0]!["image"], Is.EqualTo("agent:2"));
            Assert.That(Owner(pods[0]), Is.EqualTo("DaemonSet"));
            Assert.That((int?)ds["status"]!["numberAvailable"], Is.EqualTo(1));
        });
    }

    // Two failing pods run at a time, so the Job may end with one failure more than backoffLimit + 1, as upstream.
    [TestCase("busybox:1", "Complete", 3, 0, 0)]
    [TestCase("busybox:fail", "Failed", 0, 3, 4)]
    public async Task Job_Parallel_RunsPodsUntilCompletionsOrBackoffLimit(string image, string condition, int succeeded, int minFailed, int maxFailed)
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/batch/v1/namespaces/{ns}/jobs",
            """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate"},"spec":{"completions":3,"parallelism":2,"backoffLimit":2,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"IMAGE"}]}}}}"""
                .Replace("IMAGE", image, StringComparison.Ordinal));

        var job = await EventuallyAsync($"/apis/batch/v1/namespaces/{ns}/jobs/migrate",
            j => j["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == condition && (string?)c["status"] == "True") == true);
        var pods = await PodsAsync(ns);

        Assert.Multiple(() =>
        {
            Assert.That((int?)job["status"]!["succeeded"] ?? 0, Is.EqualTo(succeeded));
            Assert.That((int?)job["status"]!["failed"] ?? 0, Is.InRange(minFailed, maxFailed));
            Assert.That(job["status"]!["active"], Is.Null, "nothing left running");
            Assert.That(pods.Count(p => (string?)p["status"]?["phase"] == (condition == "Complete" ? "Succeeded" : "Failed")), Is.EqualTo(succeeded + ((int?)job["status"]!["failed"] ?? 0)));
            Assert.That(pods.Select(p => Label(p, "job-name")), Is.All.EqualTo("migrate"));
        });
    }

    [Test]
    public async Task Service_SelectingDeploymentPods_ListsThemAsEndpoints()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx","ports":[{"name":"http","containerPort":8080}]}]}}}}
            """);
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"tier":"front"}},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}}""");
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"external"},"spec":{"ports":[{"port":80}]}}""");

        var endpoints = await EventuallyAsync($"/api/v1/namespaces/{ns}/endpoints/web", e => e["subsets"]?[0]?["addresses"]?.AsArray().Count == 2);
        var pods = await PodsAsync(ns);
        await SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web", """{"spec":{"replicas":0}}""", "application/merge-patch+json");
        var emptied = await EventuallyAsync($"/api/v1/namespaces/{ns}/endpoints/web", e => e["subsets"] is null);
        var (externalCode, _) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/endpoints/external");

        var subset = endpoints["subsets"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(subset["addresses"]!.AsArray().Select(a => (string?)a!["ip"]), Is.EquivalentTo(pods.Select(p => (string?)p["status"]!["podIP"])));
            Assert.That(subset["addresses"]!.AsArray().Select(a => (string?)a!["targetRef"]!["kind"]), Is.All.EqualTo("Pod"));
            Assert.That((int?)subset["ports"]![0]!["port"], Is.EqualTo(8080), "the named target port resolved through the container port");
            Assert.That((string?)subset["ports"]![0]!["name"], Is.EqualTo("http"));
            Assert.That((string?)endpoints["metadata"]!["labels"]!["tier"], Is.EqualTo("front"));
            Assert.That(emptied["subsets"], Is.Null);
            Assert.That(externalCode, Is.EqualTo(404), "a Service without a selector gets no managed endpoints");
        });
    }
}
