using GitOps.Health;
using GitOps.Health.Checks;

namespace GitOps.Tests.Health;

public sealed class GenericHealthCheckTests
{
    private static string Kustomization(string status, int generation = 3) => $$"""
        {
          "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
          "metadata": { "name": "apps", "namespace": "flux-system", "generation": {{generation}} },
          "spec": { "interval": "10m", "path": "./apps", "prune": true, "sourceRef": { "kind": "GitRepository", "name": "repo" } },
          "status": {{status}}
        }
        """;

    [Test]
    public void Assess_ConfigMap_NoHealth()
    {
        var health = LiveObject.Assess("""
            { "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "settings", "namespace": "shop" },
              "data": { "LOG_LEVEL": "info" } }
            """);

        Assert.That(health, Is.Null);
    }

    [Test]
    public void Assess_ClusterRole_NoHealth()
    {
        var health = LiveObject.Assess("""
            { "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": { "name": "reader" },
              "rules": [ { "apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"] } ] }
            """);

        Assert.That(health, Is.Null);
    }

    [Test]
    public void Assess_CustomResourceWithEmptyStatus_NoHealth()
    {
        Assert.That(LiveObject.Assess(Kustomization("{}")), Is.Null);
    }

    [Test]
    public void Assess_StatusWithoutConventionalFields_NoHealth()
    {
        var health = LiveObject.Assess("""
            { "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "shop" },
              "spec": { "finalizers": ["kubernetes"] }, "status": { "phase": "Active" } }
            """);

        Assert.That(health, Is.Null);
    }

    [Test]
    public void Assess_ReadyTrue_HealthyWithMessage()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3, "lastAppliedRevision": "main@sha1:4f2e",
              "conditions": [ { "type": "Ready", "status": "True", "reason": "ReconciliationSucceeded",
                                "message": "Applied revision: main@sha1:4f2e", "observedGeneration": 3 } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Healthy, Is.EqualTo("Applied revision: main@sha1:4f2e"));
    }

    [Test]
    public void Assess_ObservedGenerationBehind_ProgressingEvenIfReady()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 2,
              "conditions": [ { "type": "Ready", "status": "True", "reason": "ReconciliationSucceeded" } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("generation 3").And.Contain("observed 2"));
    }

    [Test]
    public void Assess_ReadyConditionFromOlderGeneration_Progressing()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "conditions": [ { "type": "Ready", "status": "True", "reason": "ReconciliationSucceeded", "observedGeneration": 2 } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_ReadyFalseWithFailureReason_DegradedWithReasonAndMessage()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3,
              "conditions": [ { "type": "Ready", "status": "False", "reason": "BuildFailed",
                                "message": "kustomize build failed: accumulating resources" } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Is.EqualTo("BuildFailed: kustomize build failed: accumulating resources"));
    }

    [Test]
    public void Assess_ReadyFalseWithProgressingReason_Progressing()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3,
              "conditions": [ { "type": "Ready", "status": "False", "reason": "DependencyNotReady",
                                "message": "dependency 'flux-system/infra' is not ready" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_ReadyUnknown_Progressing()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3,
              "conditions": [ { "type": "Ready", "status": "Unknown", "reason": "Progressing", "message": "Reconciliation in progress" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_StalledTrue_Degraded()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3,
              "conditions": [ { "type": "Ready", "status": "False", "reason": "ArtifactFailed" },
                              { "type": "Stalled", "status": "True", "reason": "InvalidPath", "message": "path './apps' not found" } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Is.EqualTo("InvalidPath: path './apps' not found"));
    }

    [Test]
    public void Assess_ReconcilingTrue_ProgressingDespiteStaleReadyTrue()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3,
              "conditions": [ { "type": "Ready", "status": "True", "reason": "ReconciliationSucceeded" },
                              { "type": "Reconciling", "status": "True", "reason": "Progressing", "message": "Building manifests" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_StalledAndReconciling_StalledWins()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3,
              "conditions": [ { "type": "Reconciling", "status": "True", "reason": "Progressing" },
                              { "type": "Stalled", "status": "True", "reason": "RetryLimitExceeded" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Degraded));
    }

    [Test]
    public void Assess_ObservedGenerationCurrentWithoutReady_Healthy()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""
            { "observedGeneration": 3, "conditions": [ { "type": "Reconciling", "status": "False" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_ConditionsNotAnArrayOfObjects_IgnoredNotThrown()
    {
        var health = LiveObject.Assess(Kustomization("""{ "conditions": [ "Ready", 1, null ] }"""));

        Assert.That(health, Is.Null);
    }

    [Test]
    public void Assess_ObservedGenerationNotANumber_UnknownNamingTheField()
    {
        var health = LiveObject.AssessNotNull(Kustomization("""{ "observedGeneration": "3" }"""));

        HealthAssert.That(health, HealthStatusCode.Unknown, Does.Contain("status.observedGeneration"));
    }

    [TestCase("Progressing", true)]
    [TestCase("ReconciliationInProgress", true)]
    [TestCase("Creating", true)]
    [TestCase("Provisioning", true)]
    [TestCase("WaitingForDependencies", true)]
    [TestCase("DependencyNotReady", true)]
    [TestCase("ReconciliationFailed", false)]
    [TestCase("InstallFailed", false)]
    [TestCase("UpgradeError", false)]
    [TestCase("ProgressDeadlineExceeded", false)]
    [TestCase("Unavailable", false)]
    [TestCase("", false)]
    public void IsInProgressReason_Reason_ClassifiedAsWorkUnderway(string reason, bool expected)
    {
        Assert.That(GenericHealthCheck.IsInProgressReason(reason), Is.EqualTo(expected));
    }
}
