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

        ValidateConversion(spec, causes);
        if (old is not null && old["spec"]?["scope"]?.ToJsonString() != spec?["scope"]?.ToJsonString())
        {
            causes.Add(new StatusCause("FieldValueInvalid", "field is immutable", "spec.scope"));
        }

        return causes;
    }

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        base.PrepareForCreate(type, obj);
        SetStatus(obj, null);
    }

    public override void PrepareForUpdate(ResourceType type, JsonObject updated, JsonObject old, bool statusSubresource)
    {
        base.PrepareForUpdate(type, updated, old, statusSubresource);
        SetStatus(updated, old);
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
        var storage = versions.OfType<JsonObject>().FirstOrDefault(v => v["storage"] is JsonValue s && s.GetValueKind() == JsonValueKind.True)?.GetString("name");
        var webhook = spec["conversion"]?["strategy"]?.GetValueKind() == JsonValueKind.String && spec["conversion"]!["strategy"]!.GetValue<string>() == "Webhook";
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
                StorageVersion = storage,
                WebhookConversion = webhook,
                DeprecationWarning = v["deprecated"] is JsonValue d && d.GetValueKind() == JsonValueKind.True
                    ? v.GetString("deprecationWarning") ?? DefaultDeprecationWarning(spec, names, v.GetString("name") ?? string.Empty)
                    : null,
            });
        }

        return result;
    }

    /// <summary>
    /// The real server's default text: "group/version Kind is deprecated", naming the highest served version that is
    /// not deprecated and ranks above this one as the replacement, when there is one.
    /// </summary>
    private static string DefaultDeprecationWarning(JsonObject spec, JsonObject names, string version)
    {
        var group = spec.GetString("group");
        var kind = names.GetString("kind");
        var message = $"{group}/{version} {kind} is deprecated";
        var replacement = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => !(v["served"] is JsonValue s && s.GetValueKind() == JsonValueKind.False))
            .Where(v => !(v["deprecated"] is JsonValue d && d.GetValueKind() == JsonValueKind.True))
            .Select(v => v.GetString("name") ?? string.Empty)
            .Where(n => ResourceRegistry.VersionPriority(n) > ResourceRegistry.VersionPriority(version))
            .OrderByDescending(ResourceRegistry.VersionPriority)
            .FirstOrDefault();
        return replacement is null ? message : $"{message}; use {group}/{replacement} {kind}";
    }

    private static void ValidateConversion(JsonObject? spec, List<StatusCause> causes)
    {
        if (spec?["conversion"] is not JsonObject conversion)
        {
            return;
        }

        var strategy = conversion.GetString("strategy");
        if (strategy is not ("None" or "Webhook"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{strategy}\": supported values: \"None\", \"Webhook\"", "spec.conversion.strategy"));
        }
        else if (strategy == "Webhook" && conversion["webhook"] is not JsonObject)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value: required when strategy is set to Webhook", "spec.conversion.webhook"));
        }
        else if (strategy == "None" && conversion["webhook"] is JsonObject)
        {
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: should not be set when strategy is not set to Webhook", "spec.conversion.webhook"));
        }
    }

    private void SetStatus(JsonObject obj, JsonObject? old)
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
            ["storedVersions"] = StoredVersions(old, storage),
        };
    }

    /// <summary>Every version objects may still be stored at: the earlier ones stay listed when the storage version changes.</summary>
    private static JsonArray StoredVersions(JsonObject? old, string? storage)
    {
        var versions = (old?["status"]?["storedVersions"] as JsonArray ?? []).Select(v => v?.ToString() ?? string.Empty).Where(v => v.Length > 0).ToList();
        if (storage is not null && !versions.Contains(storage, StringComparer.Ordinal))
        {
            versions.Add(storage);
        }

        return new JsonArray(versions.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
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
