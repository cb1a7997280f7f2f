using System.Text.Json.Nodes;
using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// Core <c>Service</c>, after Argo CD's rule: a LoadBalancer without an ingress point in
/// <c>status.loadBalancer.ingress</c> is Progressing; every other Service is Healthy.
/// </summary>
internal sealed class ServiceHealthCheck : IHealthCheck
{
    public static readonly ServiceHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        if (StringEquals(FindString(live.Root, "spec", "type"), "LoadBalancer") && !HasLoadBalancerIngress(live.Root))
        {
            return HealthStatus.Progressing("Waiting for the load balancer to get an address");
        }

        return HealthStatus.Healthy();
    }

    /// <summary>Whether <c>status.loadBalancer.ingress</c> has at least one entry; shared with Ingress.</summary>
    internal static bool HasLoadBalancerIngress(JsonObject root) =>
        Find(root, "status", "loadBalancer", "ingress") is JsonArray { Count: > 0 };
}
