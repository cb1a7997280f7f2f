using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing.Json;
using GitOps.Testing.Resources;
using GitOps.Testing.Storage;

namespace GitOps.Testing.Controllers;

/// <summary>
/// What controllers share: typed access to storage and writes that go through <see cref="ResourceService"/> (so
/// watches see them and managedFields record the controller), the clock, and the failure marker.
/// </summary>
internal sealed class ControllerContext
{
    private readonly ResourceService _service;
    private readonly ResourceRegistry _registry;
    private readonly EmulatedControllersOptions _options;
    private readonly TimeProvider _time;

    public ControllerContext(ResourceService service, ResourceRegistry registry, EmulatedControllersOptions options, TimeProvider time)
    {
        _service = service;
        _registry = registry;
        _options = options;
        _time = time;
    }

    public ObjectStore Store => _service.Store;

    public string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public ResourceType Type(string groupResource) => _registry.Types.First(t => t.GroupResource == groupResource);

    /// <summary>Whether a pod spec runs an image carrying the failure marker.</summary>
    public bool IsFailing(JsonObject? podSpec) =>
        podSpec.Items("initContainers").Concat(podSpec.Items("containers"))
            .Any(c => ImageName(c.GetString("image") ?? string.Empty).Contains(_options.FailureMarker, StringComparison.OrdinalIgnoreCase));

    /// <summary>The objects of a group-resource in a namespace whose controller owner has <paramref name="ownerUid"/>.</summary>
    public List<JsonObject> Owned(string groupResource, string ns, string ownerUid) =>
        Store.List(groupResource, ns).Select(p => p.Value)
            .Where(o => o.Metadata().Items("ownerReferences").Any(r => r.GetString("uid") == ownerUid && r.IsTrue("controller")))
            .ToList();

    public JsonObject Create(string groupResource, string ns, JsonObject body, string? manager = null) =>
        _service.Create(Type(groupResource), ns, body, new WriteOptions(false, manager ?? _options.FieldManager));

    /// <summary>Writes <paramref name="status"/> through <c>/status</c>; no event when nothing changed.</summary>
    public void SetStatus(string groupResource, JsonObject current, JsonObject status, string? manager = null)
    {
        if (JsonNode.DeepEquals(current["status"], status))
        {
            return;
        }

        var updated = current.DeepCloneObject();
        updated["status"] = status;
        _service.Update(Type(groupResource), current.Namespace(), current.Name(), updated, "status", new WriteOptions(false, manager ?? _options.FieldManager));
    }

    /// <summary>Writes a changed object (spec or metadata) as the controller.</summary>
    public JsonObject Update(string groupResource, JsonObject updated) =>
        _service.Update(Type(groupResource), updated.Namespace(), updated.Name(), updated, null, new WriteOptions(false, _options.FieldManager));

    /// <summary>The served type of <paramref name="kind"/> in the group of <paramref name="apiVersion"/> that has a <c>/scale</c> subresource, or null.</summary>
    public ResourceType? ScalableType(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        return _registry.Types.FirstOrDefault(t => t.Group == group && t.Kind == kind && t.Scale is not null);
    }

    /// <summary>The autoscaling/v1 Scale of an object, as the <c>/scale</c> subresource shows it.</summary>
    public JsonObject GetScale(ResourceType type, string ns, string name) => _service.GetScale(type, ns, name);

    /// <summary>Sets an object's replicas through its <c>/scale</c> subresource, as the controller.</summary>
    public void SetScale(ResourceType type, string ns, string name, long replicas) =>
        _service.UpdateScale(
            type,
            ns,
            name,
            scale =>
            {
                scale.Ensure("spec")["replicas"] = replicas;
                return scale;
            },
            new WriteOptions(false, _options.FieldManager));

    public void Delete(string groupResource, JsonObject obj) =>
        _service.Delete(Type(groupResource), obj.Namespace(), obj.Name(), new DeleteRequest(PropagationPolicy.Background, obj.Uid(), null), new WriteOptions(false, _options.FieldManager));

    /// <summary>An owner reference naming <paramref name="owner"/> as controller.</summary>
    public static JsonArray ControllerRef(JsonObject owner, string apiVersion, string kind) =>
        new(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["name"] = owner.Name(),
            ["uid"] = owner.Uid(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });

    /// <summary>
    /// A condition, keeping the old one's times when its status, reason and message did not change so that a
    /// controller writing the same state twice makes no new event.
    /// </summary>
    public JsonObject Condition(JsonObject? oldStatus, string type, bool status, string reason, string message, bool withUpdateTime = false)
    {
        var old = oldStatus.Items("conditions").FirstOrDefault(c => c.GetString("type") == type);
        var value = status ? "True" : "False";
        var now = Now();
        var transition = old?.GetString("status") == value ? old.GetString("lastTransitionTime") ?? now : now;
        var same = old?.GetString("status") == value && old.GetString("reason") == reason && old.GetString("message") == message;
        var condition = new JsonObject { ["type"] = type, ["status"] = value };
        if (withUpdateTime)
        {
            condition["lastUpdateTime"] = same ? old!.GetString("lastUpdateTime") ?? now : now;
        }

        condition["lastTransitionTime"] = transition;
        condition["reason"] = reason;
        condition["message"] = message;
        return condition;
    }

    /// <summary>The repository's last path part with its tag, without registry, path or digest.</summary>
    private static string ImageName(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at >= 0 ? image[..at] : image;
        return withoutDigest[(withoutDigest.LastIndexOf('/') + 1)..];
    }
}
