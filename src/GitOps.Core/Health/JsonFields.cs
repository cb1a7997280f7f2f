using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Health;

/// <summary>
/// Reads fields of an unstructured object by path segments. Absent and <c>null</c> fields read as
/// <see langword="null"/>; a field of the wrong JSON type throws <see cref="FormatException"/> naming the field, which
/// the assessor reports as Unknown (as Argo CD does when a typed conversion fails).
/// </summary>
/// <remarks>
/// Segments are passed separately, not as a dotted path, so a lookup allocates nothing; the path string is built
/// only for an error.
/// </remarks>
internal static class JsonFields
{
    public static JsonNode? Find(JsonObject? obj, string a, string? b = null, string? c = null, string? d = null)
    {
        var node = obj?[a];
        if (b is null || node is null)
        {
            return node;
        }

        node = Child(node, b, 1, a, b, c, d);
        if (c is null || node is null)
        {
            return node;
        }

        node = Child(node, c, 2, a, b, c, d);
        return d is null || node is null ? node : Child(node, d, 3, a, b, c, d);
    }

    public static JsonObject? GetObject(JsonObject? obj, string a, string? b = null, string? c = null) =>
        Find(obj, a, b, c) switch
        {
            null => null,
            JsonObject o => o,
            _ => throw Invalid("an object", a, b, c),
        };

    public static JsonArray? GetArray(JsonObject? obj, string a, string? b = null, string? c = null) =>
        Find(obj, a, b, c) switch
        {
            null => null,
            JsonArray o => o,
            _ => throw Invalid("an array", a, b, c),
        };

    public static string? GetString(JsonObject? obj, string a, string? b = null, string? c = null)
    {
        var node = Find(obj, a, b, c);
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw Invalid("a string", a, b, c);
    }

    public static long? GetInt64(JsonObject? obj, string a, string? b = null, string? c = null, string? d = null)
    {
        var node = Find(obj, a, b, c, d);
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && TryReadInt64(value, out var number))
        {
            return number;
        }

        throw Invalid("an integer", a, b, c, d);
    }

    public static bool? GetBoolean(JsonObject? obj, string a, string? b = null, string? c = null)
    {
        var node = Find(obj, a, b, c);
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValueKind() == JsonValueKind.True
            : throw Invalid("a boolean", a, b, c);
    }

    /// <summary>
    /// Finds a string field without reading it, for comparing with <see cref="StringEquals"/> without allocating;
    /// throws like <see cref="GetString"/> when the field is not a string.
    /// </summary>
    public static JsonNode? FindString(JsonObject? obj, string a, string? b = null, string? c = null)
    {
        var node = Find(obj, a, b, c);
        return node is null || (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            ? node
            : throw Invalid("a string", a, b, c);
    }

    /// <summary>
    /// The characters of a string node, decoded into <paramref name="buffer"/> when the tree was parsed (so nothing is
    /// allocated) or taken from the stored string; empty when the node is not a string.
    /// </summary>
    public static ReadOnlySpan<char> Chars(JsonNode? node, Span<char> buffer)
    {
        if (node is not JsonValue value)
        {
            return default;
        }

        if (value.TryGetValue(out JsonElement element))
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                return default;
            }

            // The raw value keeps its quotes and escapes; a UTF-8 string never has more characters than bytes.
            var raw = JsonMarshal.GetRawUtf8Value(element)[1..^1];
            if (raw.IndexOf((byte)'\\') < 0 && raw.Length <= buffer.Length)
            {
                return buffer[..Encoding.UTF8.GetChars(raw, buffer)];
            }

            return element.GetString().AsSpan();
        }

        return value.TryGetValue(out string? text) ? text.AsSpan() : default;
    }

    /// <summary>Whether the node is a JSON string equal to <paramref name="expected"/>, compared without allocating.</summary>
    public static bool StringEquals(JsonNode? node, string expected)
    {
        if (node is not JsonValue value)
        {
            return false;
        }

        if (value.TryGetValue(out JsonElement element))
        {
            return element.ValueKind == JsonValueKind.String && element.ValueEquals(expected);
        }

        return value.TryGetValue(out string? s) && string.Equals(s, expected, StringComparison.Ordinal);
    }

    /// <summary>Reads a string field of a condition or list item; non-strings read as empty.</summary>
    public static string Text(JsonObject item, string field) =>
        item[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;

    /// <summary>Reads an integer field of a condition or list item; anything else reads as <see langword="null"/>.</summary>
    public static long? Number(JsonObject item, string field) =>
        item[field] is JsonValue value && TryReadInt64(value, out var number) ? number : null;

    /// <summary>Reads a nested object of a list item; anything other than objects reads as <see langword="null"/>.</summary>
    public static JsonObject? ObjectAt(JsonObject item, string a, string b) =>
        item[a] is JsonObject inner ? inner[b] as JsonObject : null;

    /// <summary>Finds the condition of a type in <c>status.conditions</c>, the Kubernetes convention.</summary>
    public static JsonObject? FindCondition(JsonObject? status, string type)
    {
        if (status?["conditions"] is not JsonArray conditions)
        {
            return null;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var item = conditions[i];
            if (item is JsonObject condition && StringEquals(condition["type"], type))
            {
                return condition;
            }
        }

        return null;
    }

    /// <summary>Whether a condition's <c>status</c> is <c>"True"</c>.</summary>
    public static bool IsTrue(JsonObject? condition) => condition is not null && StringEquals(condition["status"], "True");

    /// <summary>The <c>metadata.generation</c> field, or 0.</summary>
    public static long Generation(JsonObject root) => GetInt64(root, "metadata", "generation") ?? 0;

    /// <summary>The <c>status.observedGeneration</c> field, or 0.</summary>
    public static long ObservedGeneration(JsonObject root) => GetInt64(root, "status", "observedGeneration") ?? 0;

    /// <summary>Parses an RFC 3339 time field such as <c>status.lastScheduleTime</c>.</summary>
    public static DateTimeOffset? GetTime(JsonObject? obj, string a, string b)
    {
        var text = GetString(obj, a, b);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new FormatException($"Field {a}.{b} must be an RFC 3339 time, but is '{text}'.");
    }

    // Parsed trees hold JsonElement values; trees built in code hold the CLR number they were given.
    private static bool TryReadInt64(JsonValue value, out long number)
    {
        number = 0;
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (value.TryGetValue(out JsonElement element))
        {
            return element.TryGetInt64(out number);
        }

        if (value.TryGetValue(out long l))
        {
            number = l;
            return true;
        }

        if (value.TryGetValue(out int i))
        {
            number = i;
            return true;
        }

        return false;
    }

    private static JsonNode? Child(JsonNode node, string segment, int depth, string a, string? b, string? c, string? d) =>
        node is JsonObject obj
            ? obj[segment]
            : throw new FormatException($"Field {Path(depth, a, b, c, d)} must be an object.");

    private static FormatException Invalid(string expected, string a, string? b, string? c, string? d = null) =>
        new($"Field {Path(4, a, b, c, d)} must be {expected}.");

    private static string Path(int depth, string a, string? b, string? c, string? d)
    {
        string?[] parts = [a, b, c, d];
        return string.Join('.', parts.Take(depth).Where(p => p is not null));
    }
}
