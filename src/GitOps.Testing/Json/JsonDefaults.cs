using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Testing.Json;

/// <summary>Small helpers for defaulting: a field counts as missing when absent or JSON null, as an unset Go pointer.</summary>
internal static class JsonDefaults
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> when it is missing.</summary>
    public static void SetIfMissing(this JsonObject obj, string key, JsonNode value)
    {
        if (obj[key] is null)
        {
            obj[key] = value;
        }
    }

    /// <summary>Sets a string field when it is missing or empty (Go's zero value).</summary>
    public static void SetIfEmpty(this JsonObject obj, string key, string value)
    {
        if (obj[key] is null || (obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0))
        {
            obj[key] = value;
        }
    }

    /// <summary>The child object at <paramref name="key"/>, or null when absent or not an object.</summary>
    public static JsonObject? Child(this JsonObject? obj, string key) => obj?[key] as JsonObject;

    /// <summary>The child object at <paramref name="key"/>, created empty when missing.</summary>
    public static JsonObject Ensure(this JsonObject obj, string key)
    {
        if (obj[key] is JsonObject child)
        {
            return child;
        }

        child = new JsonObject();
        obj[key] = child;
        return child;
    }

    /// <summary>The objects of the array at <paramref name="key"/> (non-objects skipped).</summary>
    public static IEnumerable<JsonObject> Items(this JsonObject? obj, string key) =>
        obj?[key] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>An integer field, or null when absent or not an integer.</summary>
    public static long? GetLong(this JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Whether a boolean field is true.</summary>
    public static bool IsTrue(this JsonObject? obj, string key) => obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
