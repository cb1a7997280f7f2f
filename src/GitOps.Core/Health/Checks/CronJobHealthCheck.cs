using System.Text.Json.Nodes;
using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>batch/CronJob</c>, reimplementing Argo CD's Lua rule (<c>resource_customizations/batch/CronJob/health.lua</c>).
/// A suspended CronJob is Healthy (Argo CD reports Healthy rather than Suspended so that a deliberately suspended
/// CronJob does not suspend the application). Without <c>status</c> it is Progressing. Never scheduled, scheduled but
/// never succeeded yet, or running a Job is Healthy, because the status cannot tell a failure from a first run. A
/// last success older than the last schedule, with no Job running, is Degraded: the last run failed.
/// </summary>
/// <remarks>The times are compared as instants; Argo CD compares the RFC 3339 strings.</remarks>
internal sealed class CronJobHealthCheck : IHealthCheck
{
    public static readonly CronJobHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        if (GetBoolean(live.Root, "spec", "suspend") == true)
        {
            return HealthStatus.Healthy("CronJob is suspended");
        }

        var status = GetObject(live.Root, "status");
        if (status is null)
        {
            return HealthStatus.Progressing("Waiting for the CronJob controller");
        }

        var lastSchedule = GetTime(live.Root, "status", "lastScheduleTime");
        if (lastSchedule is null)
        {
            return HealthStatus.Healthy("CronJob has not been scheduled yet");
        }

        var lastSuccess = GetTime(live.Root, "status", "lastSuccessfulTime");
        if (lastSuccess is null)
        {
            return HealthStatus.Healthy("CronJob has not completed a run successfully yet; it may be failing");
        }

        if (GetArray(live.Root, "status", "active") is JsonArray { Count: > 0 })
        {
            return HealthStatus.Healthy("A Job is running; the previous run may have failed");
        }

        return lastSuccess < lastSchedule
            ? HealthStatus.Degraded("The CronJob's last run did not complete successfully")
            : HealthStatus.Healthy("The CronJob's last run completed successfully");
    }
}
