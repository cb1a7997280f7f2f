using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>argoproj.io/Workflow</c>, after Argo CD's built-in rule on <c>status.phase</c>: empty, Pending or Running is
/// Progressing, Succeeded Healthy, Failed or Error Degraded, anything else Unknown.
/// </summary>
internal sealed class ArgoWorkflowHealthCheck : IHealthCheck
{
    public static readonly ArgoWorkflowHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        var message = GetString(live.Root, "status", "message");
        var phase = GetString(live.Root, "status", "phase");
        return phase switch
        {
            null or "" or "Pending" or "Running" => HealthStatus.Progressing(message),
            "Succeeded" => HealthStatus.Healthy(message),
            "Failed" or "Error" => HealthStatus.Degraded(message),
            _ => HealthStatus.Unknown(message ?? $"Unrecognised workflow phase '{phase}'"),
        };
    }
}
