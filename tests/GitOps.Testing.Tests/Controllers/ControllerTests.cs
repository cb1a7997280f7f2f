using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Controllers;

/// <summary>The simulated controllers: rollouts, pods, jobs, volumes and load balancers reach their real end states.</summary>
[TestFixture]
public sealed class ControllerTests : EmulatorFixture
{
    protected override KubernetesEmulatorOptions Options => new() { Controllers = { Delay = TimeSpan.FromMilliseconds(20) } };

    private static string DeploymentJson(string image, int replicas = 2) => """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"web"}},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"IMAGE"}]}}}}
        """.Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("IMAGE", image, StringComparison.Ordinal);

    private static string? Condition(JsonObject obj, string type, string field = "status") =>
        obj["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type)?[field]?.GetValue<string>();

    [Test]
    public async Task Deployment_Created_RollsOutReplicaSetAndReadyPods()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson("nginx:1.27"));

        var deployment = await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web", d => Condition(d, "Progressing", "reason") == "NewReplicaSetAvailable");
        var (_, replicaSets) = await SendAsync(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/replicasets");
        var (_, pods) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");

        var rs = replicaSets!["items"]!.AsArray().Single()!;
        var hash = (string?)rs["metadata"]!["labels"]!["pod-template-hash"];
        var podItems = pods!["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That((long?)deployment["status"]!["observedGeneration"], Is.EqualTo(1));
            Assert.That((int?)deployment["status"]!["replicas"], Is.EqualTo(2));
            Assert.That((int?)deployment["status"]!["updatedReplicas"], Is.EqualTo(2));
            Assert.That((int?)deployment["status"]!["readyReplicas"], Is.EqualTo(2));
            Assert.That((int?)deployment["status"]!["availableReplicas"], Is.EqualTo(2));
            Assert.That(Condition(deployment, "Available"), Is.EqualTo("True"));
            Assert.That((string?)rs["metadata"]!["name"], Is.EqualTo("web-" + hash));
            Assert.That((string?)rs["metadata"]!["ownerReferences"]![0]!["uid"], Is.EqualTo((string?)deployment["metadata"]!["uid"]));
            Assert.That(podItems, Has.Count.EqualTo(2));
            Assert.That(podItems.Select(p => (string?)p!["status"]!["phase"]), Is.All.EqualTo("Running"));
            Assert.That(podItems.Select(p => (string?)p!["metadata"]!["labels"]!["pod-template-hash"]), Is.All.EqualTo(hash));
            Assert.That(podItems.Select(p => (string?)p!["metadata"]!["ownerReferences"]![0]!["name"]), Is.All.EqualTo("web-" + hash));
            Assert.That(deployment["metadata"]!["managedFields"]!.AsArray().Any(m => (string?)m!["manager"] == "kube-controller-manager" && (string?)m["subresource"] == "status"), Is.True);
        });
    }

    [Test]
    public async Task Deployment_NewTemplate_ScalesTheOldReplicaSetDown()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson("nginx:1.27", 1));
        await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web", d => Condition(d, "Progressing", "reason") == "NewReplicaSetAvailable");

        await SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web", """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}""", "application/strategic-merge-patch+json");
        var deployment = await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web", d => (long?)d["status"]!["observedGeneration"] == 2 && Condition(d, "Progressing", "reason") == "NewReplicaSetAvailable" && (int?)d["status"]!["replicas"] == 1);
        var (_, replicaSets) = await SendAsync(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/replicasets");

        var counts = replicaSets!["items"]!.AsArray().Select(r => (int?)r!["spec"]!["replicas"]).OrderBy(n => n).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(counts, Is.EqualTo(new int?[] { 0, 1 }));
            Assert.That((int?)deployment["status"]!["updatedReplicas"], Is.EqualTo(1));
            Assert.That((string?)deployment["metadata"]!["annotations"]?["deployment.kubernetes.io/revision"], Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Deployment_FailingImage_CrashLoopsAndExceedsProgressDeadline()
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson("registry.example/fail-app:1", 1));

        var deployment = await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web", d => Condition(d, "Progressing", "reason") == "ProgressDeadlineExceeded");
        var (_, pods) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");

        var container = pods!["items"]![0]!["status"]!["containerStatuses"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(Condition(deployment, "Progressing"), Is.EqualTo("False"));
            Assert.That(Condition(deployment, "Available"), Is.EqualTo("False"));
            Assert.That((string?)container["state"]!["waiting"]!["reason"], Is.EqualTo("CrashLoopBackOff"));
            Assert.That((int?)container["restartCount"], Is.GreaterThan(0));
            Assert.That((bool?)container["ready"], Is.False);
        });
    }

    [TestCase("busybox:1", "Complete")]
    [TestCase("busybox:fail", "Failed")]
    public async Task Job_RunsToCompletionOrFailure(string image, string condition)
    {
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/batch/v1/namespaces/{ns}/jobs", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"backoffLimit":2,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"IMAGE"}]}}}}""".Replace("IMAGE", image, StringComparison.Ordinal));

        var job = await EventuallyAsync($"/apis/batch/v1/namespaces/{ns}/jobs/j", j => Condition(j, condition) == "True");

        Assert.Multiple(() =>
        {
            if (condition == "Complete")
            {
                Assert.That((int?)job["status"]!["succeeded"], Is.EqualTo(1));
                Assert.That(job["status"]!["completionTime"], Is.Not.Null);
            }
            else
            {
                Assert.That(Condition(job, "Failed", "reason"), Is.EqualTo("BackoffLimitExceeded"));
                Assert.That((int?)job["status"]!["failed"], Is.EqualTo(3));
            }
        });
    }

    [Test]
    public async Task StatefulSetDaemonSetPvcAndLoadBalancer_ReachTheirReadyStates()
    {
        var ns = await NewNamespaceAsync();
        const string Template = """{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"busybox:1"}]}}""";
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/statefulsets", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"s"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"x"}},"template":""" + Template + "}}");
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/daemonsets", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":""" + Template + "}}");
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/persistentvolumeclaims", """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"p"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","ports":[{"port":80}]}}""");
        await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"other"},"spec":{"type":"LoadBalancer","loadBalancerClass":"example.com/none","ports":[{"port":80}]}}""");

        var sts = await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/statefulsets/s", s => (int?)s["status"]?["readyReplicas"] == 2);
        var ds = await EventuallyAsync($"/apis/apps/v1/namespaces/{ns}/daemonsets/d", d => (int?)d["status"]?["numberReady"] == 1);
        var pvc = await EventuallyAsync($"/api/v1/namespaces/{ns}/persistentvolumeclaims/p", p => (string?)p["status"]?["phase"] == "Bound");
        var lb = await EventuallyAsync($"/api/v1/namespaces/{ns}/services/lb", s => s["status"]?["loadBalancer"]?["ingress"] is JsonArray { Count: > 0 });
        var (pvCode, pv) = await SendAsync(HttpMethod.Get, $"/api/v1/persistentvolumes/{(string?)pvc["spec"]!["volumeName"]}");
        await Task.Delay(200);
        var (_, other) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/services/other");

        Assert.Multiple(() =>
        {
            Assert.That((long?)sts["status"]!["observedGeneration"], Is.EqualTo(1));
            Assert.That((int?)ds["status"]!["desiredNumberScheduled"], Is.EqualTo(1));
            Assert.That((string?)pvc["status"]!["capacity"]!["storage"], Is.EqualTo("1Gi"));
            Assert.That(pvCode, Is.EqualTo(200));
            Assert.That((string?)pv!["spec"]!["claimRef"]!["name"], Is.EqualTo("p"));
            Assert.That((string?)pv["status"]!["phase"], Is.EqualTo("Bound"));
            Assert.That((string?)lb["status"]!["loadBalancer"]!["ingress"]![0]!["ip"], Does.StartWith("192.0.2."));
            Assert.That(other!["status"]!["loadBalancer"]!["ingress"], Is.Null, "a loadBalancerClass no controller implements stays pending");
        });
    }

    [Test]
    public async Task Watch_Pods_SeesControllerCreatedAndKubeletUpdatedPods()
    {
        var ns = await NewNamespaceAsync();
        using var watchClient = new HttpClient { BaseAddress = Emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        using var response = await watchClient.GetAsync($"/api/v1/namespaces/{ns}/pods?watch=true&timeoutSeconds=10", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson("nginx:1.27", 1));
        var events = new List<(string Type, string? Phase)>();
        while (!events.Any(e => e.Type == "MODIFIED" && e.Phase == "Running") && await reader.ReadLineAsync() is { } line)
        {
            var e = JsonNode.Parse(line)!;
            events.Add(((string)e["type"]!, (string?)e["object"]!["status"]?["phase"]));
        }

        Assert.That(events, Does.Contain(("ADDED", (string?)"Pending")).And.Contain(("MODIFIED", (string?)"Running")));
    }

    [Test]
    public async Task KubectlRolloutStatus_Deployment_Succeeds()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await SendAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson("nginx:1.27"));

        var rollout = await kubectl.RunAsync("-n", ns, "rollout", "status", "deployment/web", "--timeout=20s");

        Assert.Multiple(() =>
        {
            Assert.That(rollout.ExitCode, Is.Zero, rollout.Stderr);
            Assert.That(rollout.Stdout, Does.Contain("successfully rolled out"));
        });
    }

    [Test]
    public async Task Controllers_Disabled_LeaveStatusEmpty()
    {
        await using var quiet = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { Controllers = { Enabled = false } });
        using var http = new HttpClient { BaseAddress = quiet.BaseAddress };
        using var content = new StringContent(DeploymentJson("nginx:1.27"), System.Text.Encoding.UTF8, "application/json");
        (await http.PostAsync("/apis/apps/v1/namespaces/default/deployments", content)).EnsureSuccessStatusCode();

        await Task.Delay(300);
        var deployment = JsonNode.Parse(await http.GetStringAsync("/apis/apps/v1/namespaces/default/deployments/web"))!;
        var replicaSets = JsonNode.Parse(await http.GetStringAsync("/apis/apps/v1/namespaces/default/replicasets"))!;

        Assert.Multiple(() =>
        {
            Assert.That(deployment["status"], Is.Null);
            Assert.That(replicaSets["items"]!.AsArray(), Is.Empty);
        });
    }
}
