using System.Text.Json.Nodes;

namespace GitOps.Diff;

/// <summary>
/// How the lists of the built-in kinds merge, by field name: the keys that identify an element (Kubernetes'
/// <c>patchMergeKey</c> and <c>x-kubernetes-list-map-keys</c>) and the lists that are sets of scalars.
/// </summary>
internal static class ListMergeKeys
{
    private static readonly Dictionary<string, string[]> ByField = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
        ["imagePullSecrets"] = ["name"],
        ["hostAliases"] = ["ip"],
        ["conditions"] = ["type"],
        ["topologySpreadConstraints"] = ["topologyKey", "whenUnsatisfiable"],
        ["resourceClaims"] = ["name"],
        ["ownerReferences"] = ["uid"],
        ["webhooks"] = ["name"],
        ["schedulingGates"] = ["name"],
    };

    private static readonly HashSet<string> ScalarSets = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>The element keys of a list of objects, or <see langword="null"/> when the list is not keyed.</summary>
    public static string[]? For(string field, JsonArray sample)
    {
        if (ByField.TryGetValue(field, out var keys))
        {
            return keys;
        }

        if (field == "ports")
        {
            // Container ports are keyed by containerPort, Service ports by port; both with the protocol.
            var first = sample.OfType<JsonObject>().FirstOrDefault();
            if (first is not null)
            {
                return first.ContainsKey("containerPort") ? ["containerPort", "protocol"] : first.ContainsKey("port") ? ["port", "protocol"] : null;
            }
        }

        return null;
    }

    /// <summary>Whether a list of scalars has set semantics (order and duplicates don't matter).</summary>
    public static bool IsScalarSet(string field) => ScalarSets.Contains(field);

    /// <summary>Whether two elements have the same key values; a missing protocol is TCP, as the API server defaults it.</summary>
    public static bool SameKey(JsonObject a, JsonObject b, string[] keys)
    {
        foreach (var key in keys)
        {
            var left = KeyValue(a, key);
            var right = KeyValue(b, key);
            if (!JsonNode.DeepEquals(left, right) && !ValueEquivalence.NumbersEqual(left, right))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonNode? KeyValue(JsonObject element, string key) =>
        element.TryGetPropertyValue(key, out var value) && value is not null
            ? value
            : key == "protocol" ? JsonValue.Create("TCP") : null;
}
