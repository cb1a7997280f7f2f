using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Resources;

/// <summary>Server defaults on created objects, as a real v1.33 server fills them.</summary>
[TestFixture]
public sealed class DefaultingTests : EmulatorFixture
{
    protected override KubernetesEmulatorOptions Options => new() { Controllers = { Enabled = false } };

    private async Task<JsonObject> CreateAsync(string path, string json)
    {
        var (code, body) = await SendAsync(HttpMethod.Post, path, json);
        Assert.That(code, Is.EqualTo(201), body?.ToJsonString());
        return body!;
    }

    [Test]
    public async Task Create_Deployment_GetsRolloutAndPodTemplateDefaults()
    {
        var ns = await NewNamespaceAsync();

        var d = await CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
               {"name":"a","image":"nginx","ports":[{"containerPort":80}],"readinessProbe":{"httpGet":{"port":80}}},
               {"name":"b","image":"registry.example:5000/b:1.2"},
               {"name":"c","image":"c:latest"}],
              "volumes":[{"name":"cfg","configMap":{"name":"cfg"}},{"name":"scratch"}]}}}}
            """);

        var spec = d["spec"]!;
        var pod = spec["template"]!["spec"]!;
        var a = pod["containers"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That((int?)spec["replicas"], Is.EqualTo(1));
            Assert.That((string?)spec["strategy"]!["type"], Is.EqualTo("RollingUpdate"));
            Assert.That((string?)spec["strategy"]!["rollingUpdate"]!["maxSurge"], Is.EqualTo("25%"));
            Assert.That((string?)spec["strategy"]!["rollingUpdate"]!["maxUnavailable"], Is.EqualTo("25%"));
            Assert.That((int?)spec["revisionHistoryLimit"], Is.EqualTo(10));
            Assert.That((int?)spec["progressDeadlineSeconds"], Is.EqualTo(600));
            Assert.That((string?)pod["restartPolicy"], Is.EqualTo("Always"));
            Assert.That((string?)pod["dnsPolicy"], Is.EqualTo("ClusterFirst"));
            Assert.That((int?)pod["terminationGracePeriodSeconds"], Is.EqualTo(30));
            Assert.That((string?)pod["schedulerName"], Is.EqualTo("default-scheduler"));
            Assert.That(pod["securityContext"]!.AsObject(), Is.Empty);
            Assert.That((string?)a["terminationMessagePath"], Is.EqualTo("/dev/termination-log"));
            Assert.That((string?)a["terminationMessagePolicy"], Is.EqualTo("File"));
            Assert.That((string?)a["imagePullPolicy"], Is.EqualTo("Always"), "no tag");
            Assert.That((string?)pod["containers"]![1]!["imagePullPolicy"], Is.EqualTo("IfNotPresent"), "a tag after a registry port");
            Assert.That((string?)pod["containers"]![2]!["imagePullPolicy"], Is.EqualTo("Always"), ":latest");
            Assert.That((string?)a["ports"]![0]!["protocol"], Is.EqualTo("TCP"));
            Assert.That((int?)a["readinessProbe"]!["periodSeconds"], Is.EqualTo(10));
            Assert.That((string?)a["readinessProbe"]!["httpGet"]!["scheme"], Is.EqualTo("HTTP"));
            Assert.That((int?)pod["volumes"]![0]!["configMap"]!["defaultMode"], Is.EqualTo(420));
            Assert.That(pod["volumes"]![1]!["emptyDir"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Create_Services_AllocateUniqueClusterIpsAndDefaultPorts()
    {
        var ns = await NewNamespaceAsync();
        const string Svc = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"NAME"},"spec":{"selector":{"app":"x"},"ports":[{"port":80}]}}""";

        var one = await CreateAsync($"/api/v1/namespaces/{ns}/services", Svc.Replace("NAME", "one", StringComparison.Ordinal));
        var two = await CreateAsync($"/api/v1/namespaces/{ns}/services", Svc.Replace("NAME", "two", StringComparison.Ordinal));
        var headless = await CreateAsync($"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"h"},"spec":{"clusterIP":"None","selector":{"app":"x"}}}""");
        var selectorless = await CreateAsync($"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"hs"},"spec":{"clusterIP":"None"}}""");
        var node = await CreateAsync($"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"np"},"spec":{"type":"NodePort","ports":[{"port":80,"targetPort":"http"}]}}""");

        var spec = one["spec"]!;
        var ip = (string?)spec["clusterIP"];
        Assert.Multiple(() =>
        {
            Assert.That((string?)spec["type"], Is.EqualTo("ClusterIP"));
            Assert.That((string?)spec["sessionAffinity"], Is.EqualTo("None"));
            Assert.That(ip, Does.StartWith("10.9"));
            Assert.That((string?)two["spec"]!["clusterIP"], Is.Not.EqualTo(ip));
            Assert.That(spec["clusterIPs"]!.AsArray().Select(i => (string?)i), Is.EqualTo(new[] { ip }));
            Assert.That(spec["ipFamilies"]!.AsArray().Select(i => (string?)i), Is.EqualTo(new[] { "IPv4" }));
            Assert.That((string?)spec["ipFamilyPolicy"], Is.EqualTo("SingleStack"));
            Assert.That((string?)spec["internalTrafficPolicy"], Is.EqualTo("Cluster"));
            Assert.That((string?)spec["ports"]![0]!["protocol"], Is.EqualTo("TCP"));
            Assert.That((int?)spec["ports"]![0]!["targetPort"], Is.EqualTo(80));
            Assert.That((string?)headless["spec"]!["clusterIP"], Is.EqualTo("None"));
            Assert.That((string?)headless["spec"]!["ipFamilyPolicy"], Is.EqualTo("SingleStack"));
            Assert.That((string?)selectorless["spec"]!["ipFamilyPolicy"], Is.EqualTo("RequireDualStack"));
            Assert.That(selectorless["spec"]!["ipFamilies"]!.AsArray().Select(i => (string?)i), Is.EqualTo(new[] { "IPv4", "IPv6" }));
            Assert.That((string?)node["spec"]!["ports"]![0]!["targetPort"], Is.EqualTo("http"));
            Assert.That((int?)node["spec"]!["ports"]![0]!["nodePort"], Is.InRange(30000, 32767));
            Assert.That((string?)node["spec"]!["externalTrafficPolicy"], Is.EqualTo("Cluster"));
        });
    }

    [Test]
    public async Task Create_JobCronJobStatefulSetDaemonSetPvc_GetTheirMainDefaults()
    {
        var ns = await NewNamespaceAsync();
        const string Template = """{"metadata":{"labels":{"app":"x"}},"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1"}]}}""";

        var job = await CreateAsync($"/apis/batch/v1/namespaces/{ns}/jobs", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":""" + Template + """}}""");
        var cron = await CreateAsync($"/apis/batch/v1/namespaces/{ns}/cronjobs", """{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"cj"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":""" + Template + """}}}}""");
        var sts = await CreateAsync($"/apis/apps/v1/namespaces/{ns}/statefulsets", """{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"s"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":""" + Template.Replace("Never", "Always", StringComparison.Ordinal) + ""","volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}""");
        var ds = await CreateAsync($"/apis/apps/v1/namespaces/{ns}/daemonsets", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":""" + Template.Replace("Never", "Always", StringComparison.Ordinal) + """}}""");
        var pvc = await CreateAsync($"/api/v1/namespaces/{ns}/persistentvolumeclaims", """{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"p"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");

        var uid = (string?)job["metadata"]!["uid"];
        Assert.Multiple(() =>
        {
            Assert.That((int?)job["spec"]!["backoffLimit"], Is.EqualTo(6));
            Assert.That((int?)job["spec"]!["completions"], Is.EqualTo(1));
            Assert.That((int?)job["spec"]!["parallelism"], Is.EqualTo(1));
            Assert.That((bool?)job["spec"]!["suspend"], Is.False);
            Assert.That((string?)job["spec"]!["completionMode"], Is.EqualTo("NonIndexed"));
            Assert.That((string?)job["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"], Is.EqualTo(uid));
            Assert.That((string?)job["spec"]!["template"]!["metadata"]!["labels"]!["job-name"], Is.EqualTo("j"));
            Assert.That((string?)cron["spec"]!["concurrencyPolicy"], Is.EqualTo("Allow"));
            Assert.That((int?)cron["spec"]!["successfulJobsHistoryLimit"], Is.EqualTo(3));
            Assert.That((int?)cron["spec"]!["failedJobsHistoryLimit"], Is.EqualTo(1));
            Assert.That((bool?)cron["spec"]!["suspend"], Is.False);
            Assert.That((string?)cron["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["dnsPolicy"], Is.EqualTo("ClusterFirst"));
            Assert.That((string?)sts["spec"]!["podManagementPolicy"], Is.EqualTo("OrderedReady"));
            Assert.That((int?)sts["spec"]!["updateStrategy"]!["rollingUpdate"]!["partition"], Is.EqualTo(0));
            Assert.That((string?)sts["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["volumeMode"], Is.EqualTo("Filesystem"));
            Assert.That((int?)ds["spec"]!["updateStrategy"]!["rollingUpdate"]!["maxUnavailable"], Is.EqualTo(1));
            Assert.That((string?)pvc["spec"]!["volumeMode"], Is.EqualTo("Filesystem"));
            Assert.That((string?)pvc["status"]!["phase"], Is.EqualTo("Pending"));
        });
    }

    [Test]
    public async Task Update_ServiceWithoutClusterIp_KeepsTheAllocatedOne()
    {
        var ns = await NewNamespaceAsync();
        var created = await CreateAsync($"/api/v1/namespaces/{ns}/services", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}""");

        var (code, updated) = await SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/services/s", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":81}]}}""");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200), updated?.ToJsonString());
            Assert.That((string?)updated!["spec"]!["clusterIP"], Is.EqualTo((string?)created["spec"]!["clusterIP"]));
        });
    }

    [Test]
    public async Task KubectlApply_DeploymentTwice_DefaultsDoNotMakeTheSecondApplyAChange()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        var manifest = $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {"{"}name: web, namespace: {ns}{"}"}
            spec:
              selector: {"{"}matchLabels: {"{"}app: web{"}"}{"}"}
              template:
                metadata: {"{"}labels: {"{"}app: web{"}"}{"}"}
                spec:
                  containers: [{"{"}name: web, image: "nginx:1.27", ports: [{"{"}containerPort: 80{"}"}]{"}"}]
            """;

        await kubectl.OkWithInputAsync(manifest, "apply", "-f", "-");
        var second = await kubectl.OkWithInputAsync(manifest, "apply", "-f", "-");
        var diff = await kubectl.RunWithInputAsync(manifest, "diff", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(second, Does.Contain("unchanged"));
            Assert.That(diff.ExitCode, Is.EqualTo(0), diff.Stdout + diff.Stderr);
        });
    }

    [Test]
    public async Task Create_HorizontalPodAutoscaler_GetsMinReplicasMetricAndBehaviorDefaults()
    {
        var ns = await NewNamespaceAsync();

        var (_, plain) = await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers",
            """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"plain"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":3}}""");
        var (_, tuned) = await SendAsync(HttpMethod.Post, $"/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers",
            """{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"tuned"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":3,"behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}""");

        Assert.Multiple(() =>
        {
            Assert.That((int?)plain!["spec"]!["minReplicas"], Is.EqualTo(1));
            Assert.That(plain["spec"]!["metrics"]!.ToJsonString(), Is.EqualTo("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]"""));
            Assert.That(plain["spec"]!["behavior"], Is.Null, "behavior is only completed when given");
            Assert.That((int?)tuned!["spec"]!["minReplicas"], Is.EqualTo(2));
            Assert.That(tuned["spec"]!["behavior"]!.ToJsonString(), Is.EqualTo(
                """{"scaleDown":{"stabilizationWindowSeconds":60,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]},"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]}}"""));
        });
    }
}
