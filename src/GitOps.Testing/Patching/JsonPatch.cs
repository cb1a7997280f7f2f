using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;

namespace GitOps.Testing.Patching;

/// <summary>RFC 6902 JSON Patch: add, remove, replace, move, copy and test, applied atomically.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw StatusObjects.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        var doc = document.DeepClone();
        var index = 0;
        foreach (var node in operations)
        {
            if (node is not JsonObject op || op["op"] is not JsonValue opValue || op["path"] is not JsonValue pathValue)
            {
                throw StatusObjects.BadRequest($"the JSON patch operation at index {index} needs \"op\" and \"path\"");
            }

            var name = opValue.ToString();
            var path = pathValue.ToString();
            switch (name)
            {
                case "add":
                    doc = Add(doc, path, Required(op, "value", index));
                    break;
                case "remove":
                    doc = Remove(doc, path, out _);
                    break;
                case "replace":
                    doc = Remove(doc, path, out _);
                    doc = Add(doc, path, Required(op, "value", index));
                    break;
                case "move":
                {
                    var from = From(op, index);
                    doc = Remove(doc, from, out var moved);
                    doc = Add(doc, path, moved);
                    break;
                }

                case "copy":
                    doc = Add(doc, path, Get(doc, From(op, index))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(doc, path), Required(op, "value", index)))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                default:
                    throw StatusObjects.BadRequest($"Unexpected kind: {name}");
            }

            index++;
        }

        return doc;
    }

    private static JsonNode? Required(JsonObject op, string name, int index) =>
        op.TryGetPropertyValue(name, out var value) ? value?.DeepClone() : throw StatusObjects.BadRequest($"the JSON patch operation at index {index} needs \"{name}\"");

    private static string From(JsonObject op, int index) =>
        op["from"]?.ToString() ?? throw StatusObjects.BadRequest($"the JSON patch operation at index {index} needs \"from\"");

    private static List<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw StatusObjects.BadRequest($"JSON pointer \"{pointer}\" must start with '/'");
        }

        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Get(JsonNode doc, string pointer)
    {
        JsonNode? node = doc;
        foreach (var token in Parse(pointer))
        {
            node = node switch
            {
                JsonObject map when map.TryGetPropertyValue(token, out var child) => child,
                JsonArray list when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count => list[i],
                _ => throw Missing(pointer),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode doc, string pointer, JsonNode? value)
    {
        var tokens = Parse(pointer);
        if (tokens.Count == 0)
        {
            return value ?? throw StatusObjects.BadRequest("cannot replace the whole document with null");
        }

        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                break;
            case JsonArray list:
                if (last == "-")
                {
                    list.Add(value);
                }
                else if (int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= list.Count)
                {
                    list.Insert(i, value);
                }
                else
                {
                    throw StatusObjects.BadRequest($"add operation does not apply: index \"{last}\" is out of bounds for \"{pointer}\"");
                }

                break;
            default:
                throw Missing(pointer);
        }

        return doc;
    }

    private static JsonNode Remove(JsonNode doc, string pointer, out JsonNode? removed)
    {
        var tokens = Parse(pointer);
        if (tokens.Count == 0)
        {
            throw StatusObjects.BadRequest("cannot remove the whole document");
        }

        var parent = Get(doc, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject map when map.TryGetPropertyValue(last, out var value):
                map.Remove(last);
                removed = value;
                break;
            case JsonArray list when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count:
                removed = list[i];
                list.RemoveAt(i);
                break;
            default:
                throw Missing(pointer);
        }

        return doc;
    }

    private static string ParentPointer(List<string> tokens) =>
        tokens.Count == 1 ? string.Empty : "/" + string.Join("/", tokens[..^1].Select(Escape));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ApiException Missing(string pointer) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: doc is missing path: \"{pointer}\"");
}
