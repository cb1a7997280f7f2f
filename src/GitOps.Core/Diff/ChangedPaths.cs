using System.Text.Json.Nodes;

namespace GitOps.Diff;

/// <summary>Lists the paths at which two JSON trees differ, naming keyed list elements by their key.</summary>
internal static class ChangedPaths
{
    public static List<string> Between(JsonNode? before, JsonNode? after)
    {
        var paths = new List<string>();
        Walk(before, after, string.Empty, string.Empty, paths);
        return paths;
    }

    private static void Walk(JsonNode? before, JsonNode? after, string path, string field, List<string> paths)
    {
        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                foreach (var key in b.Select(kv => kv.Key).Union(a.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
                {
                    b.TryGetPropertyValue(key, out var bv);
                    a.TryGetPropertyValue(key, out var av);
                    if (b.ContainsKey(key) != a.ContainsKey(key))
                    {
                        paths.Add(Join(path, key));
                    }
                    else
                    {
                        Walk(bv, av, Join(path, key), key, paths);
                    }
                }

                break;
            case (JsonArray b, JsonArray a):
                var keys = ListMergeKeys.For(field, a.Count > 0 ? a : b);
                if (keys is not null && b.All(e => e is JsonObject) && a.All(e => e is JsonObject))
                {
                    WalkKeyed(b, a, keys, path, field, paths);
                }
                else if (a.Count == b.Count)
                {
                    for (var i = 0; i < a.Count; i++)
                    {
                        Walk(b[i], a[i], $"{path}[{i}]", field, paths);
                    }
                }
                else
                {
                    paths.Add(path);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(before, after))
                {
                    paths.Add(path.Length == 0 ? "." : path);
                }

                break;
        }
    }

    private static void WalkKeyed(JsonArray before, JsonArray after, string[] keys, string path, string field, List<string> paths)
    {
        var seen = new HashSet<int>();
        foreach (var element in before.Cast<JsonObject>())
        {
            var match = -1;
            for (var i = 0; i < after.Count; i++)
            {
                if (!seen.Contains(i) && ListMergeKeys.SameKey((JsonObject)after[i]!, element, keys))
                {
                    match = i;
                    break;
                }
            }

            var elementPath = $"{path}[{Describe(element, keys)}]";
            if (match < 0)
            {
                paths.Add(elementPath);
                continue;
            }

            seen.Add(match);
            Walk(element, after[match], elementPath, field, paths);
        }

        for (var i = 0; i < after.Count; i++)
        {
            if (!seen.Contains(i))
            {
                paths.Add($"{path}[{Describe((JsonObject)after[i]!, keys)}]");
            }
        }
    }

    private static string Describe(JsonObject element, string[] keys) =>
        string.Join(',', keys.Where(element.ContainsKey).Select(k => $"{k}={Scalar(element[k])}"));

    private static string Scalar(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) ? s : node?.ToJsonString() ?? "null";

    private static string Join(string path, string key) =>
        path.Length == 0 ? key : key.Contains('.', StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal) ? $"{path}[\"{key}\"]" : $"{path}.{key}";
}
