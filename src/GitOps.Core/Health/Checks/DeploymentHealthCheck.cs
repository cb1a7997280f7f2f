using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>apps/Deployment</c>, after Argo CD's rule (itself kubectl's rollout status): paused is Suspended; an unobserved
/// generation, too few updated replicas, old replicas still running or updated replicas not yet available are
/// Progressing; a progress deadline exceeded is Degraded.
/// </summary>
internal sealed class DeploymentHealthCheck : IHealthCheck
{
    public static readonly DeploymentHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        var status = GetObject(live.Root, "status");
        if (GetBoolean(live.Root, "spec", "paused") == true)
        {
            return HealthStatus.Suspended("Deployment is paused");
        }

        if (Generation(live.Root) > ObservedGeneration(live.Root))
        {
            return HealthStatus.Progressing("Waiting for the controller to observe the latest Deployment generation");
        }

        var progressing = FindCondition(status, "Progressing");
        if (progressing is not null && StringEquals(progressing["reason"], "ProgressDeadlineExceeded"))
        {
            return HealthStatus.Degraded($"Deployment \"{live.Name}\" did not progress within its deadline");
        }

        var desired = GetInt64(live.Root, "spec", "replicas");
        var replicas = GetInt64(live.Root, "status", "replicas") ?? 0;
        var updated = GetInt64(live.Root, "status", "updatedReplicas") ?? 0;
        var available = GetInt64(live.Root, "status", "availableReplicas") ?? 0;
        if (desired is { } d && updated < d)
        {
            return HealthStatus.Progressing($"Rollout in progress: {updated} of {d} replicas updated");
        }

        if (replicas > updated)
        {
            return HealthStatus.Progressing($"Rollout in progress: {replicas - updated} old replicas still terminating");
        }

        if (available < updated)
        {
            return HealthStatus.Progressing($"Rollout in progress: {available} of {updated} updated replicas available");
        }

        return HealthStatus.Healthy();
    }
}
