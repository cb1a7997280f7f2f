using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Resources.Validation;
using GitOps.Testing.Storage;

namespace GitOps.Testing.Resources;

/// <summary>
/// core/v1 Service: type ClusterIP, sessionAffinity None, ports TCP with targetPort = port, a cluster IP allocated
/// from 10.96.0.0/12 (unique among live Services; "None" kept for headless), clusterIPs, IP families, traffic
/// policies and node ports (30000-32767) for NodePort and LoadBalancer. Ports are required with valid numbers;
/// the cluster IP cannot change once set.
/// </summary>
internal sealed class ServiceStrategy : DefaultResourceStrategy
{
    private const string Resource = "services";
    private static readonly uint RangeStart = ToUInt(IPAddress.Parse("10.96.0.0"));
    private const uint RangeSize = 1u << 20;
    private const int FirstNodePort = 30000;
    private const int LastNodePort = 32767;

    private readonly ObjectStore _store;
    private uint _nextOffset = 10;

    public ServiceStrategy(ObjectStore store)
    {
        _store = store;
    }

    /// <summary>The service CIDR, as the real server's <c>--service-cluster-ip-range</c> names it in messages.</summary>
    public static string Range => "10.96.0.0/12";

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        base.PrepareForCreate(type, obj);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
    }

    public override void PrepareForUpdate(ResourceType type, JsonObject updated, JsonObject old, bool statusSubresource)
    {
        base.PrepareForUpdate(type, updated, old, statusSubresource);
        var spec = updated.Ensure("spec");
        var oldSpec = old.Child("spec") ?? [];

        // An update that leaves allocated values out keeps them (the real server patches them back in).
        if (string.IsNullOrEmpty(spec.GetString("clusterIP")) && spec.GetString("type") != "ExternalName" && oldSpec["clusterIP"] is { } ip)
        {
            spec["clusterIP"] = ip.DeepClone();
            spec["clusterIPs"] = oldSpec["clusterIPs"]?.DeepClone();
        }

        var oldPorts = oldSpec.Items("ports").ToList();
        foreach (var port in spec.Items("ports").Where(p => p.GetLong("nodePort") is null or 0))
        {
            var match = oldPorts.FirstOrDefault(o => o.GetLong("port") == port.GetLong("port") && (o.GetString("protocol") ?? "TCP") == (port.GetString("protocol") ?? "TCP"));
            if (match?["nodePort"] is { } nodePort)
            {
                port["nodePort"] = nodePort.DeepClone();
            }
        }
    }

    public override void Default(ResourceType type, JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        spec.SetIfEmpty("type", "ClusterIP");
        spec.SetIfEmpty("sessionAffinity", "None");
        var serviceType = spec.GetString("type");
        foreach (var port in spec.Items("ports"))
        {
            port.SetIfEmpty("protocol", "TCP");
            if (port["targetPort"] is null || port["targetPort"]!.ToJsonString() is "0" or "\"\"")
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }

        if (serviceType == "ExternalName")
        {
            return;
        }

        if (string.IsNullOrEmpty(spec.GetString("clusterIP")))
        {
            spec["clusterIP"] = spec["clusterIPs"] is JsonArray { Count: > 0 } given ? given[0]?.DeepClone() : Allocate(obj);
        }

        var clusterIp = spec.GetString("clusterIP")!;
        spec.SetIfMissing("clusterIPs", new JsonArray(clusterIp));
        // Headless Services without a selector default to RequireDualStack and list both families even on a
        // single-stack cluster (the allocator's special case); everything else is SingleStack IPv4 here.
        var headlessWithoutSelector = clusterIp == "None" && spec.Child("selector") is not { Count: > 0 };
        spec.SetIfEmpty("ipFamilyPolicy", headlessWithoutSelector ? "RequireDualStack" : "SingleStack");
        spec.SetIfMissing("ipFamilies", headlessWithoutSelector && spec.GetString("ipFamilyPolicy") != "SingleStack" ? new JsonArray("IPv4", "IPv6") : new JsonArray("IPv4"));
        spec.SetIfEmpty("internalTrafficPolicy", "Cluster");
        if (serviceType is "NodePort" or "LoadBalancer")
        {
            spec.SetIfEmpty("externalTrafficPolicy", "Cluster");
            if (serviceType == "LoadBalancer")
            {
                spec.SetIfMissing("allocateLoadBalancerNodePorts", true);
            }

            var used = UsedNodePorts(obj);
            foreach (var port in spec.Items("ports").Where(p => p.GetLong("nodePort") is null or 0))
            {
                var candidate = Enumerable.Range(FirstNodePort, LastNodePort - FirstNodePort + 1).First(p => !used.Contains(p));
                used.Add(candidate);
                port["nodePort"] = candidate;
            }
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var spec = obj.Child("spec") ?? [];
        var serviceType = spec.GetString("type");
        if (serviceType is not "ClusterIP" and not "NodePort" and not "LoadBalancer" and not "ExternalName")
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{serviceType}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"", "spec.type"));
        }

        var ports = spec.Items("ports").ToList();
        var headless = spec.GetString("clusterIP") == "None";
        if (ports.Count == 0 && serviceType != "ExternalName" && !headless)
        {
            causes.Add(WorkloadValidation.Required("spec.ports"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var at = $"spec.ports[{i}]";
            if (ports[i].GetLong("port") is not { } number || number is < 1 or > 65535)
            {
                causes.Add(WorkloadValidation.PortRange(ports[i]["port"], at + ".port"));
            }
            else if (!seen.Add(string.Create(CultureInfo.InvariantCulture, $"{number}/{ports[i].GetString("protocol")}")))
            {
                causes.Add(new StatusCause("FieldValueDuplicate", $"Duplicate value: core.ServicePort{{Port:{number}, Protocol:\"{ports[i].GetString("protocol")}\"}}", at));
            }

            if (ports.Count > 1 && string.IsNullOrEmpty(ports[i].GetString("name")))
            {
                causes.Add(WorkloadValidation.Required(at + ".name"));
            }

            if (ports[i].GetString("protocol") is { } protocol && protocol is not "TCP" and not "UDP" and not "SCTP")
            {
                causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{protocol}\": supported values: \"SCTP\", \"TCP\", \"UDP\"", at + ".protocol"));
            }
        }

        var clusterIp = spec.GetString("clusterIP");
        var oldIp = old?.Child("spec")?.GetString("clusterIP");
        if (old is not null && !string.IsNullOrEmpty(oldIp) && serviceType != "ExternalName" && clusterIp != oldIp)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{clusterIp}\": field is immutable", "spec.clusterIP"));
        }
        else if (clusterIp is { Length: > 0 } && clusterIp != "None" && serviceType != "ExternalName" && clusterIp != oldIp)
        {
            if (!IPAddress.TryParse(clusterIp, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{clusterIp}\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)", "spec.clusterIPs[0]"));
            }
            else if (ToUInt(address) - RangeStart >= RangeSize)
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: []string{{\"{clusterIp}\"}}: failed to allocate IP {clusterIp}: the provided IP ({clusterIp}) is not in the valid range. The range of valid IPs is {Range}", "spec.clusterIPs"));
            }
            else if (UsedClusterIps(obj).Contains(clusterIp))
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: []string{{\"{clusterIp}\"}}: failed to allocate IP {clusterIp}: provided IP is already allocated", "spec.clusterIPs"));
            }
        }

        return causes;
    }

    private string Allocate(JsonObject obj)
    {
        var used = UsedClusterIps(obj);
        for (uint tries = 0; tries < RangeSize; tries++)
        {
            var offset = _nextOffset;
            _nextOffset = _nextOffset + 1 >= RangeSize - 1 ? 10 : _nextOffset + 1;
            var ip = FromUInt(RangeStart + offset);
            if (!used.Contains(ip))
            {
                return ip;
            }
        }

        throw new ApiException(500, "InternalError", $"Internal error occurred: failed to allocate a serviceIP: range is full");
    }

    private HashSet<string> UsedClusterIps(JsonObject self) =>
        _store.List(Resource, null).Select(p => p.Value).Where(s => s.Uid() != self.Uid())
            .Select(s => s.Child("spec")?.GetString("clusterIP")).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private HashSet<int> UsedNodePorts(JsonObject self) =>
        _store.List(Resource, null).Select(p => p.Value).Where(s => s.Uid() != self.Uid())
            .SelectMany(s => s.Child("spec").Items("ports")).Select(p => (int)(p.GetLong("nodePort") ?? 0)).Where(p => p > 0)
            .Concat(self.Child("spec").Items("ports").Select(p => (int)(p.GetLong("nodePort") ?? 0)).Where(p => p > 0))
            .ToHashSet();

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static string FromUInt(uint value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
}
