using GitOps.Health;
using GitOps.Manifests;

namespace GitOps.Tests.Health;

public sealed class ApplicationHealthTests
{
    private static ManifestObject Deployment(string name, int updated, string annotations = "{}") => LiveObject.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "{{name}}", "namespace": "shop", "generation": 1, "annotations": {{annotations}} },
          "spec": { "replicas": 2 },
          "status": { "observedGeneration": 1, "replicas": 2, "updatedReplicas": {{updated}}, "availableReplicas": {{updated}} }
        }
        """);

    private static ManifestObject FailedJob(string name, string annotations = "{}") => LiveObject.Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": { "name": "{{name}}", "namespace": "shop", "annotations": {{annotations}} },
          "status": { "conditions": [ { "type": "Failed", "status": "True", "message": "BackoffLimitExceeded" } ] }
        }
        """);

    private static readonly ManifestObject Settings = LiveObject.Parse("""
        { "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "settings", "namespace": "shop" }, "data": {} }
        """);

    private static ResourceKey Key(string kind, string name, string group = "") => new(group, kind, "shop", name);

    private static ApplicationHealthResult Aggregate(params ResourceHealthInput[] inputs) =>
        ApplicationHealth.Aggregate(inputs, HealthAssessor.Default);

    [Test]
    public void Aggregate_NoResources_Healthy()
    {
        Assert.That(Aggregate().Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Aggregate_AllHealthy_HealthyWithoutCauses()
    {
        var result = Aggregate(ResourceHealthInput.ForLive(Deployment("a", 2)), ResourceHealthInput.ForLive(Settings));

        Assert.Multiple(() =>
        {
            Assert.That(result.Health, Is.EqualTo(HealthStatus.Healthy()));
            Assert.That(result.Causes, Is.Empty);
        });
    }

    [Test]
    public void Aggregate_ProgressingAndDegraded_DegradedCausedByJob()
    {
        var result = Aggregate(ResourceHealthInput.ForLive(Deployment("a", 1)), ResourceHealthInput.ForLive(FailedJob("migrate")));

        Assert.Multiple(() =>
        {
            Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Degraded));
            Assert.That(result.Health.Message, Is.EqualTo("Caused by batch/Job shop/migrate"));
            Assert.That(result.Causes.Select(c => c.Key.Name), Is.EqualTo(new[] { "migrate" }));
        });
    }

    [Test]
    public void Aggregate_HookFailed_SkippedAndNotAssessed()
    {
        var hook = FailedJob("pre", """{ "argocd.argoproj.io/hook": "PreSync" }""");

        var result = Aggregate(ResourceHealthInput.ForLive(Deployment("a", 2)), ResourceHealthInput.ForLive(hook));

        Assert.Multiple(() =>
        {
            Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
            Assert.That(result.Resources[1], Is.EqualTo(new ResourceHealth(hook.Key, null, false)));
        });
    }

    [TestCase(HealthAnnotations.IgnoreHealthCheck)]
    [TestCase(HealthAnnotations.ArgoIgnoreHealthCheck)]
    public void Aggregate_IgnoreHealthCheckAnnotation_Skipped(string key)
    {
        var job = FailedJob("nightly", $$"""{ "{{key}}": "true" }""");

        var result = Aggregate(ResourceHealthInput.ForLive(Deployment("a", 2)), ResourceHealthInput.ForLive(job));

        Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Aggregate_IgnoreHealthCheckFlag_Skipped()
    {
        var job = FailedJob("nightly");

        var result = Aggregate(new ResourceHealthInput(job.Key, job, IgnoreHealthCheck: true));

        Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Aggregate_SomeMissing_MissingDoesNotLowerHealth()
    {
        var result = Aggregate(
            ResourceHealthInput.ForLive(Deployment("a", 2)),
            ResourceHealthInput.ForMissing(Key("Service", "a")));

        Assert.Multiple(() =>
        {
            Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
            Assert.That(result.Resources[1], Is.EqualTo(new ResourceHealth(Key("Service", "a"), HealthStatus.Missing(), false)));
        });
    }

    [Test]
    public void Aggregate_MissingNextToProgressing_Progressing()
    {
        var result = Aggregate(
            ResourceHealthInput.ForLive(Deployment("a", 1)),
            ResourceHealthInput.ForMissing(Key("Service", "a")));

        Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Aggregate_AllMissing_Missing()
    {
        var result = Aggregate(
            ResourceHealthInput.ForMissing(Key("Deployment", "a", "apps")),
            ResourceHealthInput.ForMissing(Key("Service", "a")));

        Assert.Multiple(() =>
        {
            Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Missing));
            Assert.That(result.Causes, Is.Empty);
        });
    }

    [Test]
    public void Aggregate_MissingPlusLiveHookOnly_StillMissing()
    {
        var hook = FailedJob("pre", """{ "helm.sh/hook": "pre-install" }""");

        var result = Aggregate(ResourceHealthInput.ForMissing(Key("Service", "a")), ResourceHealthInput.ForLive(hook));

        Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Missing));
    }

    [Test]
    public void Aggregate_MissingPlusLiveIgnoredResource_HealthyBecauseSomethingIsLive()
    {
        var ignored = FailedJob("nightly", """{ "gitops.dotnet/ignore-healthcheck": "true" }""");

        var result = Aggregate(ResourceHealthInput.ForMissing(Key("Service", "a")), ResourceHealthInput.ForLive(ignored));

        Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Aggregate_OnlyHooks_Healthy()
    {
        var hook = FailedJob("pre", """{ "argocd.argoproj.io/hook": "PreSync" }""");

        Assert.That(Aggregate(ResourceHealthInput.ForLive(hook)).Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Aggregate_ConfigMapOnly_HealthyAndNotCounted()
    {
        var result = Aggregate(ResourceHealthInput.ForLive(Settings));

        Assert.Multiple(() =>
        {
            Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Healthy));
            Assert.That(result.Resources.Single().Counted, Is.False);
            Assert.That(result.Resources.Single().Health, Is.Null);
        });
    }

    [Test]
    public void Aggregate_ChildApplicationUnknown_NotCounted()
    {
        var child = LiveObject.Parse("""
            { "apiVersion": "argoproj.io/v1alpha1", "kind": "Application",
              "metadata": { "name": "child", "namespace": "shop", "generation": 1 },
              "status": { "health": { "status": "Unknown" } } }
            """);
        var assessor = new HealthAssessor(
            [new HealthCheckRegistration("argoproj.io", "Application", new ChildApplicationCheck())]);

        var result = ApplicationHealth.Aggregate(
            [ResourceHealthInput.ForLive(child), ResourceHealthInput.ForLive(Deployment("a", 1))], assessor);

        Assert.Multiple(() =>
        {
            Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Progressing));
            Assert.That(result.Resources[0].Health?.Status, Is.EqualTo(HealthStatusCode.Unknown));
            Assert.That(result.Resources[0].Counted, Is.False);
        });
    }

    [Test]
    public void Aggregate_ManyEquallyWorst_MessageNamesThreeAndCountsTheRest()
    {
        var inputs = Enumerable.Range(1, 5).Select(i => ResourceHealthInput.ForLive(FailedJob($"job{i}"))).ToArray();

        var result = Aggregate(inputs);

        Assert.Multiple(() =>
        {
            Assert.That(result.Health.Message,
                Is.EqualTo("Caused by batch/Job shop/job1, batch/Job shop/job2, batch/Job shop/job3 and 2 more"));
            Assert.That(result.Causes, Has.Count.EqualTo(5));
        });
    }

    [Test]
    public void Aggregate_FailingCheck_UnknownIsWorst()
    {
        var broken = Deployment("b", 2);
        broken.Root["spec"]!["replicas"] = "two";

        var result = Aggregate(ResourceHealthInput.ForLive(FailedJob("migrate")), ResourceHealthInput.ForLive(broken));

        Assert.That(result.Health.Status, Is.EqualTo(HealthStatusCode.Unknown));
    }

    private sealed class ChildApplicationCheck : IHealthCheck
    {
        public HealthStatus? Assess(ManifestObject live) =>
            live.Root["status"]?["health"]?["status"]?.GetValue<string>() is { } status
                ? new HealthStatus(Enum.Parse<HealthStatusCode>(status))
                : null;
    }
}
