using System.Text.Json.Nodes;

namespace GitOps.Testing.Patching;

/// <summary>
/// How the built-in kinds' lists merge (their patch-merge keys, which server-side apply also uses as list-map keys).
/// Keyed by field name and, where one name means different lists, by the field that holds the list's parent.
/// Lists not named here are atomic: a patch or apply replaces them whole.
/// </summary>
internal static class ListSemantics
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["readinessGates"] = "conditionType",
        ["topologySpreadConstraints"] = "topologyKey",
        ["secrets"] = "name",
        ["resourceClaims"] = "name",
        ["schedulingGates"] = "name",
        ["podIPs"] = "ip",
        ["hostIPs"] = "ip",
        ["subsets"] = string.Empty,
    };

    /// <summary>Lists of scalars merged as sets (patch strategy merge).</summary>
    private static readonly HashSet<string> Sets = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>The merge key of the list <paramref name="field"/> whose parent object sits under <paramref name="parentField"/>; null when atomic.</summary>
    public static string? MergeKey(string field, string? parentField)
    {
        if (field == "ports")
        {
            // Container ports merge by containerPort; Service (and endpoint) ports by port.
            return parentField is "containers" or "initContainers" or "ephemeralContainers" ? "containerPort" : parentField == "spec" ? "port" : null;
        }

        return Keys.TryGetValue(field, out var key) && key.Length > 0 ? key : null;
    }

    public static bool IsSet(string field) => Sets.Contains(field);

    /// <summary>
    /// The server-side apply list-map keys of a list: the merge key, plus <c>protocol</c> for ports (and
    /// <c>whenUnsatisfiable</c> for topology spread constraints) as the published schemas declare; null when atomic.
    /// </summary>
    public static IReadOnlyList<string>? ListMapKeys(string field, string? parentField)
    {
        var key = MergeKey(field, parentField);
        return key switch
        {
            null => null,
            "containerPort" or "port" => [key, "protocol"],
            "topologyKey" => [key, "whenUnsatisfiable"],
            _ => [key],
        };
    }

    /// <summary>The value a list-map key has when an item leaves it out (the field's default on a real server).</summary>
    public static JsonNode? KeyDefault(string key) => key == "protocol" ? JsonValue.Create("TCP") : null;
}
