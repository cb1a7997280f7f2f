using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class StatefulSetHealthCheckTests
{
    private static string StatefulSet(string strategy, string status) => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "StatefulSet",
          "metadata": { "name": "db", "namespace": "data", "generation": 2 },
          "spec": { "replicas": 3, "serviceName": "db", "updateStrategy": {{strategy}} },
          "status": {{status}}
        }
        """;

    private const string RollingUpdate = """{ "type": "RollingUpdate", "rollingUpdate": { "partition": 0 } }""";

    [Test]
    public void Assess_NeverObserved_Progressing()
    {
        var health = LiveObject.AssessNotNull(StatefulSet(RollingUpdate, """{ "replicas": 0 }"""));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_PodsNotReady_ProgressingWithCount()
    {
        var health = LiveObject.AssessNotNull(StatefulSet(RollingUpdate, """
            { "observedGeneration": 2, "replicas": 3, "readyReplicas": 1, "currentReplicas": 3, "updatedReplicas": 3,
              "currentRevision": "db-7d9", "updateRevision": "db-7d9" }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("2 pods"));
    }

    [Test]
    public void Assess_PartitionedRolloutUnderway_Progressing()
    {
        var health = LiveObject.AssessNotNull(StatefulSet(
            """{ "type": "RollingUpdate", "rollingUpdate": { "partition": 1 } }""", """
            { "observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 2, "updatedReplicas": 1,
              "currentRevision": "db-7d9", "updateRevision": "db-84c" }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("1 of 2"));
    }

    [Test]
    public void Assess_PartitionReached_HealthyThoughRevisionsDiffer()
    {
        var health = LiveObject.AssessNotNull(StatefulSet(
            """{ "type": "RollingUpdate", "rollingUpdate": { "partition": 1 } }""", """
            { "observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 1, "updatedReplicas": 2,
              "currentRevision": "db-7d9", "updateRevision": "db-84c" }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_OnDeleteWithOldRevision_Healthy()
    {
        var health = LiveObject.AssessNotNull(StatefulSet("""{ "type": "OnDelete" }""", """
            { "observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 0,
              "currentRevision": "db-7d9", "updateRevision": "db-84c" }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_RollingUpdateWithoutPartitionRevisionsDiffer_Progressing()
    {
        var health = LiveObject.AssessNotNull(StatefulSet("""{ "type": "RollingUpdate" }""", """
            { "observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 2, "updatedReplicas": 1,
              "currentRevision": "db-7d9", "updateRevision": "db-84c" }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("db-84c"));
    }

    [Test]
    public void Assess_RolloutComplete_Healthy()
    {
        var health = LiveObject.AssessNotNull(StatefulSet("""{ "type": "RollingUpdate" }""", """
            { "observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 3,
              "currentRevision": "db-84c", "updateRevision": "db-84c" }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }
}
