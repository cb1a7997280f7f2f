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
        var spec = GetObject(live.Root, "spec");
        var status = GetObject(live.Root, "status");
        if (Generation(live.Root) > ObservedGeneration(status))
        {
            return HealthStatus.Progressing("Waiting for the controller to observe the latest DaemonSet generation");
        }

        var desired = GetInt64(status, "desiredNumberScheduled") ?? 0;
        var updated = GetInt64(status, "updatedNumberScheduled") ?? 0;
        if (GetString(spec, "updateStrategy", "type") == "OnDelete")
        {
            return HealthStatus.Healthy($"{updated} of {desired} pods updated");
        }

        if (updated < desired)
        {
            return HealthStatus.Progressing($"Rollout in progress: {updated} of {desired} pods updated");
        }

        var available = GetInt64(status, "numberAvailable") ?? 0;
        if (available < desired)
        {
            return HealthStatus.Progressing($"Rollout in progress: {available} of {desired} updated pods available");
        }

        return HealthStatus.Healthy();
    }
}
