using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class ApiServiceAndAutoscalerHealthCheckTests
{
    private static string ApiService(string conditions) => $$"""
        {
          "apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
          "metadata": { "name": "v1beta1.metrics.k8s.io" },
          "spec": { "group": "metrics.k8s.io", "version": "v1beta1", "service": { "name": "metrics-server", "namespace": "kube-system" } },
          "status": { "conditions": {{conditions}} }
        }
        """;

    private static string AutoscalerV2(string conditions) => $$"""
        {
          "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
          "metadata": { "name": "web", "namespace": "shop" },
          "spec": { "minReplicas": 2, "maxReplicas": 10,
                    "scaleTargetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": "web" } },
          "status": { "currentReplicas": 2, "desiredReplicas": 2, "conditions": {{conditions}} }
        }
        """;

    private static string AutoscalerV1(string? conditionsAnnotation)
    {
        var annotations = conditionsAnnotation is null
            ? "{}"
            : $$"""{ "autoscaling.alpha.kubernetes.io/conditions": {{System.Text.Json.JsonSerializer.Serialize(conditionsAnnotation)}} }""";
        return $$"""
            {
              "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
              "metadata": { "name": "web", "namespace": "shop", "annotations": {{annotations}} },
              "spec": { "minReplicas": 2, "maxReplicas": 10, "targetCPUUtilizationPercentage": 70,
                        "scaleTargetRef": { "apiVersion": "apps/v1", "kind": "Deployment", "name": "web" } },
              "status": { "currentReplicas": 2, "desiredReplicas": 2 }
            }
            """;
    }

    [Test]
    public void Assess_ApiServiceAvailable_HealthyWithReason()
    {
        var health = LiveObject.AssessNotNull(ApiService("""
            [ { "type": "Available", "status": "True", "reason": "Passed", "message": "all checks passed" } ]
            """));

        HealthAssert.That(health, HealthStatusCode.Healthy, Is.EqualTo("Passed: all checks passed"));
    }

    [Test]
    public void Assess_ApiServiceUnavailable_Progressing()
    {
        var health = LiveObject.AssessNotNull(ApiService("""
            [ { "type": "Available", "status": "False", "reason": "MissingEndpoints",
                "message": "endpoints for service/metrics-server in \"kube-system\" have no addresses" } ]
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_ApiServiceNotChecked_Progressing()
    {
        Assert.That(LiveObject.AssessNotNull(ApiService("[]")).Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_AutoscalerAbleToScale_Healthy()
    {
        var health = LiveObject.AssessNotNull(AutoscalerV2("""
            [ { "type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale",
                "message": "recommended size matches current size" },
              { "type": "ScalingActive", "status": "True", "reason": "ValidMetricFound" },
              { "type": "ScalingLimited", "status": "False", "reason": "DesiredWithinRange" } ]
            """));

        HealthAssert.That(health, HealthStatusCode.Healthy, Is.EqualTo("recommended size matches current size"));
    }

    [TestCase("FailedGetResourceMetric")]
    [TestCase("FailedGetExternalMetric")]
    [TestCase("FailedComputeMetricsReplicas")]
    [TestCase("InvalidSelector")]
    public void Assess_AutoscalerMetricsFailing_DegradedEvenAfterAHealthyCondition(string reason)
    {
        var health = LiveObject.AssessNotNull(AutoscalerV2($$"""
            [ { "type": "AbleToScale", "status": "True", "reason": "SucceededGetScale" },
              { "type": "ScalingActive", "status": "False", "reason": "{{reason}}",
                "message": "the HPA was unable to compute the replica count" } ]
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.Contain("unable to compute"));
    }

    [Test]
    public void Assess_AutoscalerCannotGetScale_Degraded()
    {
        var health = LiveObject.AssessNotNull(AutoscalerV2("""
            [ { "type": "AbleToScale", "status": "False", "reason": "FailedGetScale",
                "message": "deployments/scale.apps \"web\" not found" } ]
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Degraded));
    }

    [Test]
    public void Assess_AutoscalerScalingLimited_Healthy()
    {
        var health = LiveObject.AssessNotNull(AutoscalerV2("""
            [ { "type": "AbleToScale", "status": "False", "reason": "BackoffBoth" },
              { "type": "ScalingLimited", "status": "True", "reason": "TooManyReplicas" } ]
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_AutoscalerNoConditionsYet_Progressing()
    {
        Assert.That(LiveObject.AssessNotNull(AutoscalerV2("[]")).Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_AutoscalerV1AnnotationHealthy_Healthy()
    {
        var json = AutoscalerV1("""
            [{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-11-26T09:00:00Z","reason":"ReadyForNewScale","message":"ready"}]
            """);

        Assert.That(LiveObject.AssessNotNull(json).Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_AutoscalerV1AnnotationMetricFailure_Degraded()
    {
        var json = AutoscalerV1("""
            [{"type":"AbleToScale","status":"True","reason":"SucceededGetScale"},
             {"type":"ScalingActive","status":"False","reason":"FailedGetResourceMetric","message":"missing request for cpu"}]
            """);

        var health = LiveObject.AssessNotNull(json);

        HealthAssert.That(health, HealthStatusCode.Degraded, Is.EqualTo("missing request for cpu"));
    }

    [Test]
    public void Assess_AutoscalerV1WithoutAnnotation_Progressing()
    {
        Assert.That(LiveObject.AssessNotNull(AutoscalerV1(null)).Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_AutoscalerV1BadAnnotation_UnknownNamingTheAnnotation()
    {
        var health = LiveObject.AssessNotNull(AutoscalerV1("[{\"type\":"));

        HealthAssert.That(health, HealthStatusCode.Unknown, Does.Contain("autoscaling.alpha.kubernetes.io/conditions"));
    }
}
