using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>apps/DaemonSet</c>, after Argo CD's rule: an unobserved generation is Progressing; OnDelete is Healthy; pods not
/// yet updated or not yet available on every scheduled node are Progressing.
/// </summary>
internal sealed class DaemonSetHealthCheck : IHealthCheck
{
    public static readonly DaemonSetHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        if (Generation(live.Root) > ObservedGeneration(live.Root))
        {
            return HealthStatus.Progressing("Waiting for the controller to observe the latest DaemonSet generation");
        }

        var desired = GetInt64(live.Root, "status", "desiredNumberScheduled") ?? 0;
        var updated = GetInt64(live.Root, "status", "updatedNumberScheduled") ?? 0;
        if (StringEquals(FindString(live.Root, "spec", "updateStrategy", "type"), "OnDelete"))
        {
            return HealthStatus.Healthy($"{updated} of {desired} pods updated");
        }

        if (updated < desired)
        {
            return HealthStatus.Progressing($"Rollout in progress: {updated} of {desired} pods updated");
        }

        var available = GetInt64(live.Root, "status", "numberAvailable") ?? 0;
        if (available < desired)
        {
            return HealthStatus.Progressing($"Rollout in progress: {available} of {desired} updated pods available");
        }

        return HealthStatus.Healthy();
    }
}
