using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Testing.Json;

/// <summary>Typed access to the fields of Kubernetes objects held as JSON nodes.</summary>
internal static class JsonObjectExtensions
{
    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }

        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string? GetString(this JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static string Name(this JsonObject obj) => obj.Metadata().GetString("name") ?? string.Empty;

    public static string Namespace(this JsonObject obj) => obj.Metadata().GetString("namespace") ?? string.Empty;

    public static string Uid(this JsonObject obj) => obj.Metadata().GetString("uid") ?? string.Empty;

    public static bool IsDeleting(this JsonObject obj) => obj.Metadata()["deletionTimestamp"] is not null;

    public static List<string> Finalizers(this JsonObject obj) =>
        obj.Metadata()["finalizers"] is JsonArray array
            ? array.Select(f => f?.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : string.Empty).ToList()
            : [];

    public static void SetFinalizers(this JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        if (finalizers.Count == 0)
        {
            obj.Metadata().Remove("finalizers");
        }
        else
        {
            obj.Metadata()["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }

    public static Dictionary<string, string> Labels(this JsonObject obj) => StringMap(obj.Metadata()["labels"]);

    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                result[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
            }
        }

        return result;
    }

    public static JsonObject DeepCloneObject(this JsonObject obj) => (JsonObject)obj.DeepClone();
}
