using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Testing.Patching;

namespace GitOps.Testing.Apply;

/// <summary>
/// Flattens objects into the leaf field paths of managed fields (<c>f:name</c>, <c>k:{…}</c>, <c>v:…</c>, <c>.</c>),
/// each with its value, and converts path sets to and from the <c>fieldsV1</c> tree form.
/// </summary>
internal static class FieldPaths
{
    /// <summary>Separates path elements; never appears in field names Kubernetes accepts.</summary>
    public const char Separator = '\u001f';

    private static readonly HashSet<string> IgnoredMetadata = new(StringComparer.Ordinal)
    {
        "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "deletionTimestamp",
        "deletionGracePeriodSeconds", "selfLink", "name", "namespace", "generateName",
    };

    /// <summary>Every leaf path of an object with its value as compact JSON.</summary>
    public static Dictionary<string, string> Flatten(JsonObject obj, FieldScope scope, ListRules rules)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || (key == "status" && scope == FieldScope.WithoutStatus) || (key != "status" && scope == FieldScope.StatusOnly))
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject meta)
            {
                foreach (var (mk, mv) in meta)
                {
                    if (!IgnoredMetadata.Contains(mk))
                    {
                        Walk("f:metadata" + Separator + "f:" + mk, mv, mk, "metadata", ListRules.BuiltIn, result);
                    }
                }

                continue;
            }

            Walk("f:" + key, value, key, null, rules.Field(key), result);
        }

        return result;
    }

    private static void Walk(string path, JsonNode? node, string field, string? parentField, ListRules rules, Dictionary<string, string> result)
    {
        switch (node)
        {
            case JsonObject map when map.Count > 0:
                foreach (var (key, value) in map)
                {
                    Walk(path + Separator + "f:" + key, value, key, field, rules.Field(key), result);
                }

                break;
            case JsonArray list when list.Count > 0 && rules.IsSet(field) && list.All(i => i is JsonValue):
                foreach (var item in list)
                {
                    result[path + Separator + "v:" + item!.ToJsonString()] = item.ToJsonString();
                }

                break;
            case JsonArray list when list.Count > 0 && ItemKeyNames(list, field, parentField, rules) is { } keyNames:
                var itemRules = rules.Items();
                foreach (var item in list.OfType<JsonObject>())
                {
                    var itemPath = path + Separator + ItemKey(item, keyNames);
                    result[itemPath + Separator + "."] = string.Empty;
                    foreach (var (key, value) in item)
                    {
                        Walk(itemPath + Separator + "f:" + key, value, key, field, itemRules.Field(key), result);
                    }
                }

                break;
            default:
                result[path] = node?.ToJsonString() ?? "null";
                break;
        }
    }

    /// <summary>The list-map keys of a list, when the list is a list-map and every item has a distinct key.</summary>
    public static IReadOnlyList<string>? ItemKeyNames(JsonArray list, string field, string? parentField, ListRules rules)
    {
        var keys = rules.MapKeys(field, parentField);
        if (keys is null)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item is not JsonObject o || o[keys[0]] is not JsonValue || !seen.Add(ItemKey(o, keys)))
            {
                return null;
            }
        }

        return keys;
    }

    /// <summary>The <c>k:{…}</c> element of an item: its key fields in key order, defaults filled for left-out ones.</summary>
    public static string ItemKey(JsonObject item, IReadOnlyList<string> keyNames)
    {
        var key = new JsonObject();
        foreach (var name in keyNames)
        {
            if ((item[name]?.DeepClone() ?? ListSemantics.KeyDefault(name)) is { } value)
            {
                key[name] = value;
            }
        }

        return "k:" + key.ToJsonString();
    }

    /// <summary>Builds the <c>fieldsV1</c> tree of a path set.</summary>
    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in path.Split(Separator))
            {
                if (node[element] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[element] = child;
                }

                node = child;
            }
        }

        return root;
    }

    /// <summary>Reads a <c>fieldsV1</c> tree back into its leaf paths.</summary>
    public static HashSet<string> FromFieldsV1(JsonNode? tree)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (tree is JsonObject obj)
        {
            Collect(obj, string.Empty, result);
        }

        return result;
    }

    private static void Collect(JsonObject node, string prefix, HashSet<string> result)
    {
        foreach (var (key, value) in node)
        {
            var path = prefix.Length == 0 ? key : prefix + Separator + key;
            if (value is JsonObject child && child.Count > 0)
            {
                Collect(child, path, result);
            }
            else
            {
                result.Add(path);
            }
        }
    }

    /// <summary>The path as the real server prints it in conflict messages: <c>.spec.replicas</c>, <c>.spec.containers[name="c"].image</c>.</summary>
    public static string Display(string path)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var element in path.Split(Separator))
        {
            if (element.StartsWith("f:", StringComparison.Ordinal))
            {
                sb.Append('.').Append(element.AsSpan(2));
            }
            else if (element.StartsWith("k:", StringComparison.Ordinal))
            {
                var keys = JsonNode.Parse(element[2..]) as JsonObject;
                sb.Append('[').Append(string.Join(",", keys!.Select(k => $"{k.Key}={k.Value?.ToJsonString()}"))).Append(']');
            }
            else if (element.StartsWith("v:", StringComparison.Ordinal))
            {
                sb.Append('[').Append(element.AsSpan(2)).Append(']');
            }
        }

        return sb.ToString();
    }

    /// <summary>Whether the value kind is a JSON null (the apply of a null removes nothing and owns nothing).</summary>
    public static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);
}
