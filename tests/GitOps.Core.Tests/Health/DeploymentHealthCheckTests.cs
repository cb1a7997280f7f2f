using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class DeploymentHealthCheckTests
{
    private static string Deployment(string spec, string status, int generation = 4) => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "web", "namespace": "shop", "generation": {{generation}}, "uid": "0b1c" },
          "spec": { "selector": { "matchLabels": { "app": "web" } }, {{spec}} },
          "status": {{status}}
        }
        """;

    [Test]
    public void Assess_RolloutComplete_Healthy()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": 3", """
            { "observedGeneration": 4, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
              "conditions": [
                { "type": "Available", "status": "True", "reason": "MinimumReplicasAvailable" },
                { "type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_MidRolloutFewUpdated_ProgressingWithCounts()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": 3", """
            { "observedGeneration": 4, "replicas": 4, "updatedReplicas": 1, "readyReplicas": 3, "availableReplicas": 3,
              "conditions": [ { "type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated" } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("1 of 3"));
    }

    [Test]
    public void Assess_OldReplicasTerminating_Progressing()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": 3", """
            { "observedGeneration": 4, "replicas": 5, "updatedReplicas": 3, "availableReplicas": 3 }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("2 old replicas"));
    }

    [Test]
    public void Assess_UpdatedNotYetAvailable_Progressing()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": 3", """
            { "observedGeneration": 4, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 2 }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("2 of 3 updated replicas available"));
    }

    [Test]
    public void Assess_ProgressDeadlineExceeded_Degraded()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": 3, \"progressDeadlineSeconds\": 600", """
            { "observedGeneration": 4, "replicas": 4, "updatedReplicas": 1, "availableReplicas": 3,
              "conditions": [ { "type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                                "message": "ReplicaSet \"web-5d4f\" has timed out progressing." } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.Contain("\"web\""));
    }

    [Test]
    public void Assess_Paused_SuspendedEvenMidRollout()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": 3, \"paused\": true", """
            { "observedGeneration": 3, "replicas": 3, "updatedReplicas": 1, "availableReplicas": 3 }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Suspended));
    }

    [Test]
    public void Assess_GenerationNotObserved_Progressing()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": 3", """
            { "observedGeneration": 3, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3 }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("generation"));
    }

    [Test]
    public void Assess_ReplicasNotAnInteger_UnknownNamingTheField()
    {
        var health = LiveObject.AssessNotNull(Deployment("\"replicas\": \"three\"", """
            { "observedGeneration": 4, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3 }
            """));

        HealthAssert.That(health, HealthStatusCode.Unknown, Does.Contain("spec.replicas").And.Contain("integer"));
    }

    [Test]
    public void Assess_OlderApiVersion_SameRules()
    {
        var json = Deployment("\"replicas\": 2", "{ \"observedGeneration\": 4, \"updatedReplicas\": 1 }")
            .Replace("apps/v1", "apps/v1beta2", StringComparison.Ordinal);

        Assert.That(LiveObject.AssessNotNull(json).Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_FieldsSetInCode_ReadLikeParsedOnes()
    {
        var live = LiveObject.Parse(Deployment("\"replicas\": 1", """
            { "observedGeneration": 4, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3 }
            """));
        live.Root["spec"]!["replicas"] = 5;
        live.Root["status"]!["updatedReplicas"] = 5L;

        var health = HealthAssessor.Default.Assess(live);

        Assert.That(health?.Message, Does.Contain("3 of 5 updated replicas available"));
    }
}
