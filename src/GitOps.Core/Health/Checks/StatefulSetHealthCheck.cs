using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>apps/StatefulSet</c>, after Argo CD's rule: an unobserved generation or too few ready pods is Progressing; a
/// partitioned rolling update is done once the pods above the partition are updated; OnDelete is Healthy once pods
/// are ready; otherwise the update revision must equal the current revision.
/// </summary>
internal sealed class StatefulSetHealthCheck : IHealthCheck
{
    public static readonly StatefulSetHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        var observed = ObservedGeneration(live.Root);
        if (observed == 0 || Generation(live.Root) > observed)
        {
            return HealthStatus.Progressing("Waiting for the controller to observe the latest StatefulSet generation");
        }

        var desired = GetInt64(live.Root, "spec", "replicas");
        var ready = GetInt64(live.Root, "status", "readyReplicas") ?? 0;
        var updated = GetInt64(live.Root, "status", "updatedReplicas") ?? 0;
        if (desired is { } d && ready < d)
        {
            return HealthStatus.Progressing($"Waiting for {d - ready} pods to be ready");
        }

        var strategy = FindString(live.Root, "spec", "updateStrategy", "type");
        if (StringEquals(strategy, "RollingUpdate") && GetObject(live.Root, "spec", "updateStrategy", "rollingUpdate") is not null)
        {
            if (desired is { } total && GetInt64(live.Root, "spec", "updateStrategy", "rollingUpdate", "partition") is { } partition && updated < total - partition)
            {
                return HealthStatus.Progressing(
                    $"Partitioned rollout in progress: {updated} of {total - partition} pods updated");
            }

            return HealthStatus.Healthy($"Partitioned rollout complete: {updated} pods updated");
        }

        if (StringEquals(strategy, "OnDelete"))
        {
            return HealthStatus.Healthy($"{ready} pods ready");
        }

        var updateRevision = GetString(live.Root, "status", "updateRevision") ?? string.Empty;
        var currentRevision = GetString(live.Root, "status", "currentRevision") ?? string.Empty;
        if (!string.Equals(updateRevision, currentRevision, StringComparison.Ordinal))
        {
            return HealthStatus.Progressing($"Rolling update in progress: {updated} pods at revision {updateRevision}");
        }

        var current = GetInt64(live.Root, "status", "currentReplicas") ?? 0;
        return HealthStatus.Healthy($"Rolling update complete: {current} pods at revision {currentRevision}");
    }
}
