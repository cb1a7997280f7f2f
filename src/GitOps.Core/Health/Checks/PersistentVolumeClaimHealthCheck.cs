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
        var phase = FindString(live.Root, "status", "phase");
        if (StringEquals(phase, "Bound"))
        {
            return HealthStatus.Healthy();
        }

        if (StringEquals(phase, "Pending"))
        {
            return HealthStatus.Progressing("Waiting for the claim to be bound");
        }

        if (StringEquals(phase, "Lost"))
        {
            return HealthStatus.Degraded("The claim lost its volume");
        }

        return HealthStatus.Unknown(phase is null
            ? "The claim has no status.phase"
            : $"Unrecognised claim phase '{GetString(live.Root, "status", "phase")}'");
    }
}
