using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// A cloud load balancer: LoadBalancer Services get <c>status.loadBalancer.ingress</c> with an address from
/// 192.0.2.0/24 (TEST-NET-1, reserved for documentation, so nothing is ever contacted); other types get none.
/// Like a cloud provider's controller, it leaves Services with a <c>loadBalancerClass</c> alone: those stay
/// pending, as they do on a cluster where no controller implements their class.
/// </summary>
internal sealed class LoadBalancerController : IController
{
    public string GroupResource => "services";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec");
        if (!string.IsNullOrEmpty(spec?.GetString("loadBalancerClass")))
        {
            return;
        }

        var isBalanced = spec?.GetString("type") == "LoadBalancer";
        var ingress = obj.Child("status").Child("loadBalancer").Items("ingress").ToList();
        if (isBalanced == ingress.Count > 0)
        {
            return;
        }

        var balancer = new JsonObject();
        if (isBalanced)
        {
            var used = context.Store.List(GroupResource, null)
                .SelectMany(p => p.Value.Child("status").Child("loadBalancer").Items("ingress"))
                .Select(i => i.GetString("ip")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var ip = Enumerable.Range(1, 254).Select(n => string.Create(CultureInfo.InvariantCulture, $"192.0.2.{n}")).FirstOrDefault(a => !used.Contains(a));
            if (ip is null)
            {
                return;
            }

            balancer["ingress"] = new JsonArray(new JsonObject { ["ip"] = ip, ["ipMode"] = "VIP" });
        }

        context.SetStatus(GroupResource, obj, new JsonObject { ["loadBalancer"] = balancer });
    }
}
