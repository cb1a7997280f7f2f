using System.Text.Json.Nodes;
using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// Kinds without a built-in or custom check (custom resources above all), assessed by the Kubernetes status conventions
/// that sigs.k8s.io/cli-utils kstatus reads. This goes beyond Argo CD, which gives such kinds no health. In order:
/// <list type="number">
/// <item>No <c>status</c>, or an empty one: no health (<see langword="null"/>), as ConfigMaps, Secrets and RBAC objects
/// have none.</item>
/// <item><c>status.observedGeneration</c> present and different from <c>metadata.generation</c>: Progressing, the
/// controller has not seen the latest spec (kstatus).</item>
/// <item><c>Stalled=True</c>: Degraded; <c>Reconciling=True</c>: Progressing (kstatus's abnormal-true conditions;
/// Stalled wins when both are set).</item>
/// <item><c>Ready</c>: a condition whose own <c>observedGeneration</c> is older than <c>metadata.generation</c> is stale
/// and gives Progressing; True is Healthy; Unknown is Progressing; False is Progressing when its reason reads as work
/// under way (see <see cref="IsInProgressReason"/>) and Degraded otherwise. kstatus maps every Ready=False to
/// in-progress; this SDK reports failures instead, because an application waiting on a failed resource should say
/// so.</item>
/// <item>Otherwise, with <c>status.observedGeneration</c> present (and current): Healthy.</item>
/// <item>Otherwise: no health. A status without the conventional fields says nothing this check can read, and kinds-
/// specific conditions such as <c>Available</c> or <c>Complete</c> are not read generically, as in kstatus, where
/// only the Deployment and Job rules read them.</item>
/// </list>
/// </summary>
internal sealed class GenericHealthCheck : IHealthCheck
{
    public static readonly GenericHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        if (live.Root["status"] is not JsonObject status || status.Count == 0)
        {
            return null;
        }

        var generation = GetInt64(live.Root, "metadata", "generation");
        var observed = GetInt64(live.Root, "status", "observedGeneration");
        if (generation is { } g && observed is { } o && o != g)
        {
            return HealthStatus.Progressing($"Waiting for the controller to observe generation {g} (observed {o})");
        }

        var stalled = FindCondition(status, "Stalled");
        if (IsTrue(stalled))
        {
            return HealthStatus.Degraded(Describe(stalled!, "Stalled"));
        }

        var reconciling = FindCondition(status, "Reconciling");
        if (IsTrue(reconciling))
        {
            return HealthStatus.Progressing(Describe(reconciling!, "Reconciling"));
        }

        if (FindCondition(status, "Ready") is { } ready)
        {
            return AssessReady(ready, generation);
        }

        return observed is null ? null : HealthStatus.Healthy();
    }

    /// <summary>
    /// Whether a <c>Ready=False</c> reason says the object is still being worked on rather than failed. A reason naming a
    /// failure (containing <c>Fail</c>, <c>Error</c>, <c>Invalid</c>, <c>BackOff</c>, <c>Timeout</c>, <c>TimedOut</c>,
    /// <c>Exceeded</c>, <c>Denied</c> or <c>Forbidden</c>) is never in progress; otherwise one containing
    /// <c>Progress</c>, <c>Reconcil</c>, <c>Pending</c>, <c>Creating</c>, <c>Updating</c>, <c>Deleting</c>,
    /// <c>Initializ</c>, <c>Provisioning</c>, <c>Waiting</c>, <c>Install</c>, <c>Upgrad</c>, <c>Starting</c>,
    /// <c>Scaling</c>, <c>Deploying</c> or <c>DependencyNotReady</c> is. Matching ignores case.
    /// </summary>
    internal static bool IsInProgressReason(string reason)
    {
        foreach (var marker in (ReadOnlySpan<string>)
            ["Fail", "Error", "Invalid", "BackOff", "Timeout", "TimedOut", "Exceeded", "Denied", "Forbidden"])
        {
            if (reason.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var marker in (ReadOnlySpan<string>)
            ["Progress", "Reconcil", "Pending", "Creating", "Updating", "Deleting", "Initializ", "Provisioning",
             "Waiting", "Install", "Upgrad", "Starting", "Scaling", "Deploying", "DependencyNotReady"])
        {
            if (reason.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static HealthStatus AssessReady(JsonObject ready, long? generation)
    {
        if (generation is { } g && Number(ready, "observedGeneration") is { } seen && seen < g)
        {
            return HealthStatus.Progressing($"Waiting for the Ready condition to reflect generation {g} (it reflects {seen})");
        }

        if (IsTrue(ready))
        {
            return HealthStatus.Healthy(Text(ready, "message"));
        }

        if (StringEquals(ready["status"], "False"))
        {
            var message = Describe(ready, "Not ready");
            return IsInProgressReason(Text(ready, "reason"))
                ? HealthStatus.Progressing(message)
                : HealthStatus.Degraded(message);
        }

        return HealthStatus.Progressing(Describe(ready, "Readiness unknown"));
    }

    private static string Describe(JsonObject condition, string fallback)
    {
        var message = Text(condition, "message");
        var reason = Text(condition, "reason");
        return (reason.Length, message.Length) switch
        {
            (> 0, > 0) => $"{reason}: {message}",
            (0, > 0) => message,
            (> 0, 0) => reason,
            _ => fallback,
        };
    }
}
