using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Resources.Validation;

namespace GitOps.Testing.Resources;

/// <summary>
/// PersistentVolumeClaims and PersistentVolumes: volumeMode Filesystem (and Retain for volumes); new ones start
/// Pending. A claim needs access modes and a storage request, and its spec is immutable except
/// <c>resources.requests</c>, <c>volumeAttributesClassName</c> and binding an unset <c>volumeName</c>.
/// </summary>
internal sealed class PersistentVolumeClaimStrategy : DefaultResourceStrategy
{
    public static new readonly PersistentVolumeClaimStrategy Instance = new();

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        base.PrepareForCreate(type, obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
    }

    public override void Default(ResourceType type, JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        spec.SetIfEmpty("volumeMode", "Filesystem");
        if (type.Kind == "PersistentVolume")
        {
            spec.SetIfEmpty("persistentVolumeReclaimPolicy", "Retain");
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        if (type.Kind != "PersistentVolumeClaim")
        {
            return causes;
        }

        var spec = obj.Child("spec") ?? [];
        if (spec["accessModes"] is not JsonArray { Count: > 0 })
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value: at least 1 access mode is required", "spec.accessModes"));
        }

        if (spec.Child("resources").Child("requests")?["storage"] is null)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.resources[storage]"));
        }

        if (old is not null && !JsonNode.DeepEquals(Comparable(spec, old.Child("spec")), Comparable(old.Child("spec") ?? [], null)))
        {
            causes.Add(new StatusCause("FieldValueForbidden", "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims", "spec"));
        }

        return causes;
    }

    /// <summary>The spec without the parts that may change (binding fills an empty volumeName).</summary>
    private static JsonObject Comparable(JsonObject spec, JsonObject? oldSpec)
    {
        var copy = spec.DeepCloneObject();
        copy.Child("resources")?.Remove("requests");
        copy.Remove("volumeAttributesClassName");
        if (oldSpec is not null && string.IsNullOrEmpty(oldSpec.GetString("volumeName")))
        {
            copy.Remove("volumeName");
        }
        else if (oldSpec is null && string.IsNullOrEmpty(copy.GetString("volumeName")))
        {
            copy.Remove("volumeName");
        }

        return copy;
    }
}
