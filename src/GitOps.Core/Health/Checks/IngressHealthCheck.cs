using GitOps.Manifests;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>networking.k8s.io/Ingress</c> and <c>extensions/Ingress</c>, after Argo CD's rule: Healthy once
/// <c>status.loadBalancer.ingress</c> has an entry, Progressing until then.
/// </summary>
internal sealed class IngressHealthCheck : IHealthCheck
{
    public static readonly IngressHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live) =>
        ServiceHealthCheck.HasLoadBalancerIngress(live.Root)
            ? HealthStatus.Healthy()
            : HealthStatus.Progressing("Waiting for the ingress controller to publish an address");
}
