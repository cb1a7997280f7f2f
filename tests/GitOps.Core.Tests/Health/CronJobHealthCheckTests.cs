using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class CronJobHealthCheckTests
{
    private static string CronJob(string status, bool suspend = false)
    {
        var statusField = status.Length == 0 ? string.Empty : $", \"status\": {status}";
        return $$"""
            {
              "apiVersion": "batch/v1", "kind": "CronJob",
              "metadata": { "name": "report", "namespace": "shop", "generation": 1 },
              "spec": { "schedule": "*/5 * * * *", "suspend": {{(suspend ? "true" : "false")}},
                        "jobTemplate": { "spec": { "template": { "spec": { "restartPolicy": "OnFailure",
                          "containers": [ { "name": "r", "image": "r:1" } ] } } } } }
              {{statusField}}
            }
            """;
    }

    [Test]
    public void Assess_Suspended_HealthyAsArgoCD()
    {
        var health = LiveObject.AssessNotNull(CronJob("""{ "lastScheduleTime": "2026-11-26T09:00:00Z" }""", suspend: true));

        HealthAssert.That(health, HealthStatusCode.Healthy, Does.Contain("suspended"));
    }

    [Test]
    public void Assess_NoStatus_Progressing()
    {
        Assert.That(LiveObject.AssessNotNull(CronJob(string.Empty)).Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_NeverScheduled_Healthy()
    {
        var health = LiveObject.AssessNotNull(CronJob("{}"));

        HealthAssert.That(health, HealthStatusCode.Healthy, Does.Contain("not been scheduled"));
    }

    [Test]
    public void Assess_ScheduledNeverSucceeded_Healthy()
    {
        var health = LiveObject.AssessNotNull(CronJob("""{ "lastScheduleTime": "2026-11-26T09:00:00Z" }"""));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_JobRunningAfterFailure_Healthy()
    {
        var health = LiveObject.AssessNotNull(CronJob("""
            { "lastScheduleTime": "2026-11-26T09:05:00Z", "lastSuccessfulTime": "2026-11-26T08:55:40Z",
              "active": [ { "apiVersion": "batch/v1", "kind": "Job", "name": "report-29405", "namespace": "shop" } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_LastScheduleFailed_Degraded()
    {
        var health = LiveObject.AssessNotNull(CronJob("""
            { "lastScheduleTime": "2026-11-26T09:05:00Z", "lastSuccessfulTime": "2026-11-26T08:55:40Z" }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Degraded));
    }

    [Test]
    public void Assess_LastScheduleSucceeded_Healthy()
    {
        var health = LiveObject.AssessNotNull(CronJob("""
            { "lastScheduleTime": "2026-11-26T09:05:00Z", "lastSuccessfulTime": "2026-11-26T09:05:41Z" }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_TimesInOtherOffsets_ComparedAsInstants()
    {
        // 10:04+01:00 is 09:04Z, before the 09:05Z schedule: the last run failed although the string sorts later.
        var health = LiveObject.AssessNotNull(CronJob("""
            { "lastScheduleTime": "2026-11-26T09:05:00Z", "lastSuccessfulTime": "2026-11-26T10:04:00+01:00" }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Degraded));
    }

    [Test]
    public void Assess_UnparsableTime_UnknownNamingTheField()
    {
        var health = LiveObject.AssessNotNull(CronJob("""{ "lastScheduleTime": "yesterday" }"""));

        HealthAssert.That(health, HealthStatusCode.Unknown, Does.Contain("status.lastScheduleTime"));
    }
}
