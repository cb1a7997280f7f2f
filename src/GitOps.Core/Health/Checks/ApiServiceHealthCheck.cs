using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>apiregistration.k8s.io/APIService</c>, after Argo CD's rule: <c>Available=True</c> is Healthy; an
/// <c>Available</c> condition with another status, or none yet, is Progressing.
/// </summary>
internal sealed class ApiServiceHealthCheck : IHealthCheck
{
    public static readonly ApiServiceHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        var available = FindCondition(GetObject(live.Root, "status"), "Available");
        if (available is null)
        {
            return HealthStatus.Progressing("Waiting for the API service to be checked");
        }

        var message = $"{Text(available, "reason")}: {Text(available, "message")}";
        return IsTrue(available) ? HealthStatus.Healthy(message) : HealthStatus.Progressing(message);
    }
}
