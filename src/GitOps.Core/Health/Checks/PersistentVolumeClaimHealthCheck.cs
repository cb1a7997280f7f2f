using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// Core <c>PersistentVolumeClaim</c>, after Argo CD's rule on <c>status.phase</c>: Bound is Healthy, Pending is
/// Progressing, Lost is Degraded, anything else Unknown.
/// </summary>
internal sealed class PersistentVolumeClaimHealthCheck : IHealthCheck
{
    public static readonly PersistentVolumeClaimHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        var phase = GetString(live.Root, "status", "phase");
        return phase switch
        {
            "Bound" => HealthStatus.Healthy(),
            "Pending" => HealthStatus.Progressing("Waiting for the claim to be bound"),
            "Lost" => HealthStatus.Degraded("The claim lost its volume"),
            null => HealthStatus.Unknown("The claim has no status.phase"),
            _ => HealthStatus.Unknown($"Unrecognised claim phase '{phase}'"),
        };
    }
}
