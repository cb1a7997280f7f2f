using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;

namespace GitOps.Testing.Resources;

/// <summary>
/// Custom resources of a CRD version with a structural schema: unknown fields are pruned (reported so strict field
/// validation can refuse them), schema defaults are filled, and types, required fields and enums are validated,
/// with the real server's messages.
/// </summary>
internal sealed class CustomResourceStrategy : DefaultResourceStrategy
{
    private readonly JsonObject? _schema;

    public CustomResourceStrategy(JsonObject? schema)
    {
        _schema = schema;
    }

    public override IReadOnlyList<string> Prune(ResourceType type, JsonObject obj)
    {
        var unknown = new List<string>();
        if (_schema is null)
        {
            return unknown;
        }

        foreach (var (key, value) in obj.ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            var property = Property(_schema, key);
            if (property is null)
            {
                if (!PreservesUnknown(_schema))
                {
                    obj.Remove(key);
                    unknown.Add(key);
                }

                continue;
            }

            PruneNode(value, property, key, unknown);
        }

        return unknown;
    }

    public override void Default(ResourceType type, JsonObject obj)
    {
        if (_schema is not null)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (key is not ("apiVersion" or "kind" or "metadata") && Property(_schema, key) is { } property)
                {
                    ApplyDefaults(value, property);
                }
            }
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        if (_schema is null)
        {
            return causes;
        }

        foreach (var required in (_schema["required"] as JsonArray ?? []).Select(r => r?.ToString() ?? string.Empty))
        {
            if (obj[required] is null && required is not ("apiVersion" or "kind" or "metadata"))
            {
                causes.Add(new StatusCause("FieldValueRequired", "Required value", required));
            }
        }

        foreach (var (key, value) in obj)
        {
            if (key is not ("apiVersion" or "kind" or "metadata") && Property(_schema, key) is { } property)
            {
                ValidateNode(value, property, key, causes);
            }
        }

        return causes;
    }

    private static JsonObject? Property(JsonObject schema, string name) =>
        schema["properties"]?[name] as JsonObject ?? (schema["additionalProperties"] as JsonObject);

    private static bool PreservesUnknown(JsonObject schema) =>
        schema["x-kubernetes-preserve-unknown-fields"] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static void PruneNode(JsonNode? node, JsonObject schema, string path, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject map:
                var embedded = schema["x-kubernetes-embedded-resource"] is JsonValue e && e.GetValueKind() == JsonValueKind.True;
                foreach (var (key, value) in map.ToList())
                {
                    if (embedded && key is "apiVersion" or "kind" or "metadata")
                    {
                        continue;
                    }

                    var property = Property(schema, key);
                    if (property is null)
                    {
                        if (!PreservesUnknown(schema) && (schema["properties"] is not null || schema["additionalProperties"] is not null || schema["type"]?.ToString() == "object"))
                        {
                            map.Remove(key);
                            unknown.Add($"{path}.{key}");
                        }

                        continue;
                    }

                    PruneNode(value, property, $"{path}.{key}", unknown);
                }

                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (var i = 0; i < list.Count; i++)
                {
                    PruneNode(list[i], items, $"{path}[{i}]", unknown);
                }

                break;
        }
    }

    private static void ApplyDefaults(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, property) in (schema["properties"] as JsonObject ?? []).ToList())
                {
                    if (property is JsonObject p && p["default"] is { } value && map[key] is null)
                    {
                        map[key] = value.DeepClone();
                    }
                }

                foreach (var (key, value) in map.ToList())
                {
                    if (Property(schema, key) is { } property)
                    {
                        ApplyDefaults(value, property);
                    }
                }

                break;
            case JsonArray list when schema["items"] is JsonObject items:
                foreach (var item in list)
                {
                    ApplyDefaults(item, items);
                }

                break;
        }
    }

    private static void ValidateNode(JsonNode? node, JsonObject schema, string path, List<StatusCause> causes)
    {
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.Null)
        {
            if (schema["nullable"] is not JsonValue n || n.GetValueKind() != JsonValueKind.True)
            {
                if (schema["type"] is not null)
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"null\": {path} in body must be of type {schema["type"]}: \"null\"", path));
                }
            }

            return;
        }

        var type = schema["type"]?.ToString();
        var intOrString = schema["x-kubernetes-int-or-string"] is JsonValue ios && ios.GetValueKind() == JsonValueKind.True;
        var ok = intOrString ? kind is JsonValueKind.String || IsInteger(node!) : type switch
        {
            "string" => kind == JsonValueKind.String,
            "integer" => IsInteger(node!),
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            _ => true,
        };
        if (!ok)
        {
            // The real message names the JSON type that was given, not the value.
            var shown = Describe(kind);
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{shown}\": {path} in body must be of type {type}: \"{shown}\"", path));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            var supported = string.Join(", ", allowed.Select(a => a?.ToJsonString()));
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: {node!.ToJsonString()}: supported values: {supported}", path));
        }

        if (node is JsonObject map)
        {
            foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r?.ToString() ?? string.Empty))
            {
                if (map[required] is null)
                {
                    causes.Add(new StatusCause("FieldValueRequired", "Required value", $"{path}.{required}"));
                }
            }

            foreach (var (key, value) in map)
            {
                if (Property(schema, key) is { } property)
                {
                    ValidateNode(value, property, $"{path}.{key}", causes);
                }
            }
        }
        else if (node is JsonArray list && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < list.Count; i++)
            {
                ValidateNode(list[i], items, $"{path}[{i}]", causes);
            }
        }
    }

    private static bool IsInteger(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number && long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
