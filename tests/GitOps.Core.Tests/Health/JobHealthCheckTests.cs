using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class JobHealthCheckTests
{
    private static string Job(string status, bool suspend = false) => $$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": { "name": "migrate-42", "namespace": "shop", "generation": 1 },
          "spec": { "suspend": {{(suspend ? "true" : "false")}}, "backoffLimit": 2, "completions": 1,
                    "template": { "spec": { "restartPolicy": "Never", "containers": [ { "name": "m", "image": "m:1" } ] } } },
          "status": {{status}}
        }
        """;

    [Test]
    public void Assess_Running_ProgressingWithCounts()
    {
        var health = LiveObject.AssessNotNull(Job("""
            { "startTime": "2026-11-26T09:00:00Z", "active": 1, "failed": 1, "ready": 0, "terminating": 0 }
            """));

        HealthAssert.That(health, HealthStatusCode.Progressing, Does.Contain("1 active").And.Contain("1 failed"));
    }

    [Test]
    public void Assess_Complete_Healthy()
    {
        var health = LiveObject.AssessNotNull(Job("""
            { "startTime": "2026-11-26T09:00:00Z", "completionTime": "2026-11-26T09:01:10Z", "succeeded": 1,
              "conditions": [
                { "type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached" },
                { "type": "Complete", "status": "True", "reason": "CompletionsReached", "message": "Reached expected number of succeeded pods" } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Healthy, Is.EqualTo("Reached expected number of succeeded pods"));
    }

    [Test]
    public void Assess_BackoffLimitExceeded_DegradedWithMessage()
    {
        var health = LiveObject.AssessNotNull(Job("""
            { "startTime": "2026-11-26T09:00:00Z", "failed": 3,
              "conditions": [
                { "type": "FailureTarget", "status": "True", "reason": "BackoffLimitExceeded" },
                { "type": "Failed", "status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit" } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Is.EqualTo("Job has reached the specified backoff limit"));
    }

    [Test]
    public void Assess_Suspended_Suspended()
    {
        var health = LiveObject.AssessNotNull(Job("""
            { "conditions": [ { "type": "Suspended", "status": "True", "reason": "JobSuspended", "message": "Job suspended" } ] }
            """, suspend: true));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Suspended));
    }

    [Test]
    public void Assess_ResumedAfterSuspension_ProgressingNotFinished()
    {
        var health = LiveObject.AssessNotNull(Job("""
            { "startTime": "2026-11-26T09:10:00Z", "active": 1,
              "conditions": [ { "type": "Suspended", "status": "False", "reason": "JobResumed", "message": "Job resumed" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_FailedWithoutMessage_DegradedWithReason()
    {
        var health = LiveObject.AssessNotNull(Job("""
            { "conditions": [ { "type": "Failed", "status": "True", "reason": "DeadlineExceeded" } ] }
            """));

        Assert.That(health.Message, Does.Contain("DeadlineExceeded"));
    }
}
