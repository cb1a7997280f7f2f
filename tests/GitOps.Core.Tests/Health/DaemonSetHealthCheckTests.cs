using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class DaemonSetHealthCheckTests
{
    private static string DaemonSet(string strategy, string status, int generation = 5) => $$"""
        {
          "apiVersion": "apps/v1",
          "kind": "DaemonSet",
          "metadata": { "name": "node-exporter", "namespace": "monitoring", "generation": {{generation}} },
          "spec": { "updateStrategy": { "type": "{{strategy}}" } },
          "status": {{status}}
        }
        """;

    [Test]
    public void Assess_GenerationNotObserved_Progressing()
    {
        var health = LiveObject.AssessNotNull(DaemonSet("RollingUpdate", """
            { "observedGeneration": 4, "desiredNumberScheduled": 3, "updatedNumberScheduled": 3, "numberAvailable": 3 }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_PodsNotUpdated_Progressing()
    {
        var health = LiveObject.AssessNotNull(DaemonSet("RollingUpdate", """
            { "observedGeneration": 5, "desiredNumberScheduled": 3, "updatedNumberScheduled": 1, "numberAvailable": 3 }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("1 of 3"));
    }

    [Test]
    public void Assess_UpdatedNotAvailable_Progressing()
    {
        var health = LiveObject.AssessNotNull(DaemonSet("RollingUpdate", """
            { "observedGeneration": 5, "desiredNumberScheduled": 3, "updatedNumberScheduled": 3, "numberAvailable": 2,
              "numberUnavailable": 1 }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_OnDeleteNotUpdated_Healthy()
    {
        var health = LiveObject.AssessNotNull(DaemonSet("OnDelete", """
            { "observedGeneration": 5, "desiredNumberScheduled": 3, "updatedNumberScheduled": 0, "numberAvailable": 3 }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_AllUpdatedAndAvailable_Healthy()
    {
        var health = LiveObject.AssessNotNull(DaemonSet("RollingUpdate", """
            { "observedGeneration": 5, "desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 3,
              "updatedNumberScheduled": 3, "numberAvailable": 3 }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }
}
