using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// The endpoints controller: a Service with a selector gets an Endpoints object of its name listing the IPs of the
/// pods it selects (ready ones under <c>addresses</c>, others under <c>notReadyAddresses</c>) with the Service's
/// ports, target ports resolved against the pods' named container ports. Pod changes wake the Services selecting them.
/// </summary>
internal sealed class EndpointsController : IController
{
    private const string Endpoints = "endpoints";

    public string GroupResource => "services";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var selector = JsonObjectExtensions.StringMap(spec["selector"]);
        if (selector.Count == 0 || spec.GetString("type") == "ExternalName")
        {
            // Endpoints of selector-less Services belong to whoever manages them.
            return;
        }

        var ns = obj.Namespace();
        var pods = context.Store.List(PodTemplate.Pods, ns).Select(p => p.Value)
            .Where(p => !p.IsDeleting() && Selects(selector, p) && p.Child("status")?.GetString("podIP") is not null
                && p.Child("status")?.GetString("phase") is not ("Succeeded" or "Failed"))
            .OrderBy(p => p.Name(), StringComparer.Ordinal)
            .ToList();
        var subsets = new JsonArray();
        foreach (var group in pods.GroupBy(p => PortsFor(spec, p).ToJsonString()))
        {
            var subset = new JsonObject();
            var ready = group.Where(ReplicaSetController.IsReady).Select(Address).ToList();
            var notReady = group.Where(p => !ReplicaSetController.IsReady(p)).Select(Address).ToList();
            if (ready.Count > 0)
            {
                subset["addresses"] = new JsonArray([.. ready]);
            }

            if (notReady.Count > 0)
            {
                subset["notReadyAddresses"] = new JsonArray([.. notReady]);
            }

            subset["ports"] = PortsFor(spec, group.First());
            subsets.Add(subset);
        }

        var existing = context.Store.Get(Endpoints, ns, obj.Name());
        var desired = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject { ["name"] = obj.Name(), ["labels"] = obj.Metadata()["labels"]?.DeepClone() ?? new JsonObject() },
        };
        if (subsets.Count > 0)
        {
            desired["subsets"] = subsets;
        }

        if (existing is null)
        {
            context.Create(Endpoints, ns, desired);
        }
        else if (!JsonNode.DeepEquals(existing["subsets"], desired["subsets"]))
        {
            var updated = existing.DeepCloneObject();
            updated.Remove("subsets");
            if (desired["subsets"] is { } value)
            {
                updated["subsets"] = value.DeepClone();
            }

            context.Update(Endpoints, updated);
        }
    }

    /// <summary>Whether a Service's selector selects a pod (every selector label present with its value).</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, JsonObject pod)
    {
        var labels = pod.Labels();
        return selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
    }

    private static JsonObject Address(JsonObject pod) => new()
    {
        ["ip"] = pod.Child("status")!.GetString("podIP"),
        ["nodeName"] = pod.Child("spec")?.GetString("nodeName"),
        ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = pod.Namespace(), ["name"] = pod.Name(), ["uid"] = pod.Uid() },
    };

    // The endpoint ports of a Service for one pod: a named targetPort resolves through the pod's container ports.
    private static JsonArray PortsFor(JsonObject serviceSpec, JsonObject pod)
    {
        var named = pod.Child("spec").Items("containers").SelectMany(c => c.Items("ports"))
            .Where(p => p.GetString("name") is not null)
            .GroupBy(p => p.GetString("name")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()["containerPort"]?.DeepClone(), StringComparer.Ordinal);
        var ports = new JsonArray();
        foreach (var port in serviceSpec.Items("ports"))
        {
            var target = port["targetPort"] ?? port["port"];
            var number = target?.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? named.GetValueOrDefault(target.GetValue<string>())
                : target?.DeepClone();
            if (number is null)
            {
                continue;
            }

            var endpointPort = new JsonObject { ["port"] = number, ["protocol"] = port.GetString("protocol") ?? "TCP" };
            if (port.GetString("name") is { Length: > 0 } name)
            {
                endpointPort["name"] = name;
            }

            ports.Add(endpointPort);
        }

        return ports;
    }
}
