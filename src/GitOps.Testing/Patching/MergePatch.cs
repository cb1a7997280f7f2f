using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Testing.Patching;

/// <summary>RFC 7386 JSON Merge Patch: objects merge recursively, null removes, everything else replaces.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchMap)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject map ? (JsonObject)map.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchMap)
        {
            if (IsNull(value))
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }

    private static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;
}
