using System.Text.Json.Nodes;
using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>batch/Job</c>, after Argo CD's rule on the Job's conditions: <c>Failed</c> is Degraded, <c>Suspended</c> is
/// Suspended, <c>Complete</c> is Healthy, and a Job with none of them is Progressing.
/// </summary>
/// <remarks>
/// Unlike Argo CD, a condition counts only when its status is <c>True</c>: the Job controller leaves
/// <c>Suspended=False</c> behind when a Job is resumed, and that Job is running again, not finished.
/// </remarks>
internal sealed class JobHealthCheck : IHealthCheck
{
    public static readonly JobHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        JsonObject? failed = null, complete = null, suspended = null;
        if (GetArray(live.Root, "status", "conditions") is { } conditions)
        {
            for (var i = 0; i < conditions.Count; i++)
            {
                var item = conditions[i];
                if (item is not JsonObject condition || !IsTrue(condition))
                {
                    continue;
                }

                if (StringEquals(condition["type"], "Failed"))
                {
                    failed = condition;
                }
                else if (StringEquals(condition["type"], "Complete"))
                {
                    complete = condition;
                }
                else if (StringEquals(condition["type"], "Suspended"))
                {
                    suspended = condition;
                }
            }
        }

        if (failed is not null)
        {
            return HealthStatus.Degraded(Describe(failed, "Job failed"));
        }

        if (suspended is not null)
        {
            return HealthStatus.Suspended(Describe(suspended, "Job is suspended"));
        }

        if (complete is not null)
        {
            return HealthStatus.Healthy(Describe(complete, "Job completed"));
        }

        var active = GetInt64(live.Root, "status", "active") ?? 0;
        var succeeded = GetInt64(live.Root, "status", "succeeded") ?? 0;
        var failures = GetInt64(live.Root, "status", "failed") ?? 0;
        return HealthStatus.Progressing($"Job running: {active} active, {succeeded} succeeded, {failures} failed");
    }

    private static string Describe(JsonObject condition, string fallback)
    {
        var message = Text(condition, "message");
        if (message.Length > 0)
        {
            return message;
        }

        var reason = Text(condition, "reason");
        return reason.Length > 0 ? $"{fallback} ({reason})" : fallback;
    }
}
