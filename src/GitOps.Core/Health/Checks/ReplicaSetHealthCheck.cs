using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>apps/ReplicaSet</c>, after Argo CD's rule: an unobserved generation is Progressing; <c>ReplicaFailure=True</c>
/// is Degraded; fewer available replicas than desired is Progressing.
/// </summary>
internal sealed class ReplicaSetHealthCheck : IHealthCheck
{
    public static readonly ReplicaSetHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        var status = GetObject(live.Root, "status");
        if (Generation(live.Root) > ObservedGeneration(live.Root))
        {
            return HealthStatus.Progressing("Waiting for the controller to observe the latest ReplicaSet generation");
        }

        var failure = FindCondition(status, "ReplicaFailure");
        if (IsTrue(failure))
        {
            return HealthStatus.Degraded(Text(failure!, "message"));
        }

        var available = GetInt64(live.Root, "status", "availableReplicas") ?? 0;
        if (GetInt64(live.Root, "spec", "replicas") is { } desired && available < desired)
        {
            return HealthStatus.Progressing($"Rollout in progress: {available} of {desired} replicas available");
        }

        return HealthStatus.Healthy();
    }
}
