using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;

namespace GitOps.Testing.Resources;

/// <summary>
/// CRDs: checks the name is <c>plural.group</c> and the definition is usable, and reports it accepted and
/// established at once (the real apiextensions controllers do this within moments).
/// </summary>
internal sealed class CustomResourceDefinitionStrategy : DefaultResourceStrategy
{
    private readonly TimeProvider _time;

    public CustomResourceDefinitionStrategy(TimeProvider time)
    {
        _time = time;
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var spec = obj["spec"] as JsonObject;
        var group = spec?.GetString("group");
        var names = spec?["names"] as JsonObject;
        var plural = names?.GetString("plural");
        var kind = names?.GetString("kind");
        if (string.IsNullOrEmpty(group))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.group"));
        }

        if (string.IsNullOrEmpty(plural))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.names.plural"));
        }

        if (string.IsNullOrEmpty(kind))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.names.kind"));
        }

        var scope = spec?.GetString("scope");
        if (scope is not ("Namespaced" or "Cluster"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }

        if (group is { Length: > 0 } && plural is { Length: > 0 } && obj.Name() != $"{plural}.{group}")
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{obj.Name()}\": must be spec.names.plural+\".\"+spec.group", "metadata.name"));
        }

        var versions = spec?["versions"] as JsonArray;
        if (versions is null || versions.Count == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value: must have exactly one version marked as storage version", "spec.versions"));
        }
        else if (versions.Count(v => v is JsonObject o && o["storage"] is JsonValue s && s.GetValueKind() == JsonValueKind.True) != 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: must have exactly one version marked as storage version", "spec.versions"));
        }

        if (old is not null && old["spec"]?["scope"]?.ToJsonString() != spec?["scope"]?.ToJsonString())
        {
            causes.Add(new StatusCause("FieldValueInvalid", "field is immutable", "spec.scope"));
        }

        return causes;
    }

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        base.PrepareForCreate(type, obj);
        SetStatus(obj);
    }

    public override void PrepareForUpdate(ResourceType type, JsonObject updated, JsonObject old, bool statusSubresource)
    {
        base.PrepareForUpdate(type, updated, old, statusSubresource);
        SetStatus(updated);
    }

    /// <summary>The types a CRD serves: one per served version.</summary>
    public static IReadOnlyList<ResourceType> ServedTypes(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names || spec["versions"] is not JsonArray versions)
        {
            return [];
        }

        var shortNames = (names["shortNames"] as JsonArray)?.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() ?? [];
        var categories = (names["categories"] as JsonArray)?.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() ?? [];
        var result = new List<ResourceType>();
        foreach (var v in versions.OfType<JsonObject>())
        {
            if (v["served"] is JsonValue served && served.GetValueKind() == JsonValueKind.False)
            {
                continue;
            }

            result.Add(new ResourceType
            {
                Group = spec.GetString("group") ?? string.Empty,
                Version = v.GetString("name") ?? string.Empty,
                Kind = names.GetString("kind") ?? string.Empty,
                Plural = names.GetString("plural") ?? string.Empty,
                Namespaced = spec.GetString("scope") == "Namespaced",
                ShortNames = shortNames,
                Categories = categories,
                HasStatus = v["subresources"]?["status"] is JsonObject,
                Scale = ScaleSubresource.FromCrd(v["subresources"]?["scale"]),
                Strategy = new CustomResourceStrategy(v["schema"]?["openAPIV3Schema"] as JsonObject),
                Schema = v["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
                PrinterColumns = (v["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(c => new PrinterColumn(c.GetString("name") ?? string.Empty, c.GetString("type") ?? "string", c.GetString("jsonPath") ?? string.Empty, (int?)c["priority"]?.GetValue<long>() ?? 0, c.GetString("description") ?? string.Empty))
                    .ToList(),
                BuiltIn = false,
                DefinedBy = crd.Name(),
            });
        }

        return result;
    }

    private void SetStatus(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var now = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var storage = (spec?["versions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(v => v["storage"] is JsonValue s && s.GetValueKind() == JsonValueKind.True)?.GetString("name");
        var names = spec?["names"]?.DeepClone() as JsonObject ?? new JsonObject();
        if (names["singular"] is null && names.GetString("kind") is { } kind)
        {
            names["singular"] = kind.ToLowerInvariant();
        }

        if (names["listKind"] is null && names.GetString("kind") is { } k)
        {
            names["listKind"] = k + "List";
        }

        obj["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = storage is null ? new JsonArray() : new JsonArray(storage),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
