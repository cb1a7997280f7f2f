using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Tests.Manifests;

/// <summary>Structural comparison of JSON trees, reporting the paths that differ.</summary>
internal static class JsonTreeComparer
{
    /// <summary>
    /// Compares with kubectl's output, which went through Go's JSON: numbers compare by value (kubectl prints the
    /// float 1.0 as 1, and rounds integers above int64 to float64), so two numbers are equal when both are integers
    /// that fit <see cref="long"/> and are the same, or otherwise when their <see cref="double"/> values are equal.
    /// Everything else (types, strings, keys, order of sequences) must match exactly; key order does not matter.
    /// </summary>
    public static List<string> DiffByValue(JsonNode? expected, JsonNode? actual) => Diff(expected, actual, strictNumbers: false);

    /// <summary>Compares exactly: integers and floats are different types even when equal in value.</summary>
    public static List<string> DiffStrict(JsonNode? expected, JsonNode? actual) => Diff(expected, actual, strictNumbers: true);

    private static List<string> Diff(JsonNode? expected, JsonNode? actual, bool strictNumbers)
    {
        var diffs = new List<string>();
        Compare(expected, actual, "$", strictNumbers, diffs);
        return diffs;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, bool strict, List<string> diffs)
    {
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.TryGetPropertyValue(key, out var other))
                    {
                        diffs.Add($"{path}.{key}: missing");
                        continue;
                    }

                    Compare(value, other, $"{path}.{key}", strict, diffs);
                }

                diffs.AddRange(a.Where(p => !e.ContainsKey(p.Key)).Select(p => $"{path}.{p.Key}: unexpected"));
                return;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    diffs.Add($"{path}: {e.Count} items expected, {a.Count} found");
                    return;
                }

                for (var i = 0; i < e.Count; i++)
                {
                    Compare(e[i], a[i], $"{path}[{i}]", strict, diffs);
                }

                return;
            case (JsonValue e, JsonValue a):
                if (!ValuesEqual(e, a, strict))
                {
                    diffs.Add($"{path}: expected {Show(e)}, found {Show(a)}");
                }

                return;
            default:
                diffs.Add($"{path}: expected {expected?.ToJsonString() ?? "null"}, found {actual?.ToJsonString() ?? "null"}");
                return;
        }
    }

    private static bool ValuesEqual(JsonValue e, JsonValue a, bool strict)
    {
        var kind = e.GetValueKind();
        if (kind != a.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.String => e.GetValue<string>() == a.GetValue<string>(),
            JsonValueKind.Number when strict => NumberType(e) == NumberType(a) && Text(e) == Text(a),
            JsonValueKind.Number => NumbersEqual(Text(e), Text(a)),
            _ => true,
        };
    }

    private static bool NumbersEqual(string e, string a)
    {
        if (long.TryParse(e, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var le) &&
            long.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var la))
        {
            return le == la;
        }

        return double.Parse(e, CultureInfo.InvariantCulture) == double.Parse(a, CultureInfo.InvariantCulture);
    }

    private static string NumberType(JsonValue value) =>
        value.TryGetValue(out long _) ? "long" : value.TryGetValue(out ulong _) ? "ulong" : "double";

    private static string Text(JsonValue value) => value.ToJsonString();

    private static string Show(JsonValue value) => $"{value.ToJsonString()} ({value.GetValueKind()}{(value.GetValueKind() == JsonValueKind.Number ? "/" + NumberType(value) : string.Empty)})";
}
