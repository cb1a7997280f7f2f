using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class ReplicaSetHealthCheckTests
{
    private static string ReplicaSet(string status, int generation = 1) => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "ReplicaSet",
          "metadata": { "name": "web-5d4f", "namespace": "shop", "generation": {{generation}} },
          "spec": { "replicas": 2 },
          "status": {{status}}
        }
        """;

    [Test]
    public void Assess_ReplicaFailure_DegradedWithConditionMessage()
    {
        var health = LiveObject.AssessNotNull(ReplicaSet("""
            { "observedGeneration": 1, "replicas": 0, "availableReplicas": 0,
              "conditions": [ { "type": "ReplicaFailure", "status": "True", "reason": "FailedCreate",
                                "message": "pods \"web-5d4f-\" is forbidden: exceeded quota: compute" } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.Contain("exceeded quota"));
    }

    [Test]
    public void Assess_FewerAvailable_Progressing()
    {
        var health = LiveObject.AssessNotNull(ReplicaSet("""{ "observedGeneration": 1, "replicas": 2, "availableReplicas": 1 }"""));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_NotObserved_Progressing()
    {
        var health = LiveObject.AssessNotNull(ReplicaSet("""{ "observedGeneration": 1, "availableReplicas": 2 }""", generation: 2));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_AllAvailable_Healthy()
    {
        var health = LiveObject.AssessNotNull(ReplicaSet("""
            { "observedGeneration": 1, "replicas": 2, "readyReplicas": 2, "availableReplicas": 2,
              "conditions": [ { "type": "ReplicaFailure", "status": "False" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }
}
