using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOps.Testing.Api;
using GitOps.Testing.Apply;
using GitOps.Testing.Json;
using GitOps.Testing.Resources;

namespace GitOps.Testing.Storage;

/// <summary>
/// The verbs with the real server's semantics on top of <see cref="ObjectStore"/>: metadata bookkeeping,
/// optimistic concurrency, namespaces, finalizers, owner-reference garbage collection and CRD serving.
/// Every operation runs under the store's lock, so each is atomic.
/// </summary>
internal sealed partial class ResourceService
{
    private const string NamespacesResource = "namespaces";
    private const string CrdResource = "customresourcedefinitions.apiextensions.k8s.io";
    private const string CrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";
    private const string ForegroundFinalizer = "foregroundDeletion";
    private const string OrphanFinalizer = "orphan";
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly FieldManager _fields;
    private readonly TimeProvider _time;

    // Types of CRDs already gone, so their remaining objects can still be finalized and collected.
    private readonly Dictionary<string, ResourceType> _removedTypes = new(StringComparer.Ordinal);

    public ResourceService(ObjectStore store, ResourceRegistry registry, FieldManager fields, TimeProvider time)
    {
        _store = store;
        _registry = registry;
        _fields = fields;
        _time = time;
    }

    public ObjectStore Store => _store;

    public JsonObject Get(ResourceType type, string ns, string name)
    {
        lock (_store.Gate)
        {
            var obj = _store.Get(type.GroupResource, ns, name) ?? throw StatusObjects.NotFound(type.Plural, type.Group, name);
            return Present(type, obj);
        }
    }

    public JsonObject List(ResourceType type, string? ns, ListOptions options)
    {
        lock (_store.Gate)
        {
            // A continued list reads the collection as of its first page, as etcd does; so does an exact read.
            var (version, start) = DecodeContinue(options.Continue);
            version ??= options.ExactVersion;
            IEnumerable<KeyValuePair<string, JsonObject>> source = _store.List(type.GroupResource, ns);
            if (version is { } at)
            {
                if (at > _store.ResourceVersion)
                {
                    throw new ApiException(504, "Timeout", $"Too large resource version: {at}, current: {_store.ResourceVersion}");
                }

                source = _store.Snapshot(type.GroupResource, ns, at) ?? throw (options.Continue is { Length: > 0 }
                    ? StatusObjects.Gone($"the continue token reads at resource version {at}, which is no longer kept; start a new list without it")
                    : StatusObjects.Gone($"too old resource version: {at} ({_store.OldestResumable})"));
            }

            var listVersion = version ?? _store.ResourceVersion;
            var items = new JsonArray();
            string? next = null;
            var matched = 0;
            var remaining = 0L;
            foreach (var (key, obj) in source)
            {
                if (start is not null && string.CompareOrdinal(key, start) <= 0)
                {
                    continue;
                }

                if (!options.Fields.Matches(obj) || !options.Labels.Matches(obj.Labels()))
                {
                    continue;
                }

                if (options.Limit > 0 && matched >= options.Limit)
                {
                    remaining++;
                    continue;
                }

                matched++;
                items.Add(Present(type, obj));
                if (options.Limit > 0 && matched == options.Limit)
                {
                    next = key;
                }
            }

            var metadata = new JsonObject { ["resourceVersion"] = Rv(listVersion) };
            if (remaining > 0 && next is not null)
            {
                metadata["continue"] = EncodeContinue(listVersion, next);
                metadata["remainingItemCount"] = remaining;
            }

            return new JsonObject
            {
                ["kind"] = type.Kind + "List",
                ["apiVersion"] = type.ApiVersion,
                ["metadata"] = metadata,
                ["items"] = items,
            };
        }
    }

    public JsonObject Create(ResourceType type, string ns, JsonObject body, WriteOptions options)
    {
        if (!string.IsNullOrEmpty(body.Metadata().GetString("resourceVersion")))
        {
            throw StatusObjects.BadRequest("resourceVersion should not be set on objects to be created");
        }

        lock (_store.Gate)
        {
            return Present(type, CreateLocked(type, ns, body, options, applyManaged: null));
        }
    }

    /// <summary>Replaces an object (PUT), whole or its <c>/status</c>.</summary>
    public JsonObject Update(ResourceType type, string ns, string name, JsonObject body, string? subresource, WriteOptions options)
    {
        lock (_store.Gate)
        {
            CheckIdentity(type, ns, name, body);
            var current = _store.Get(type.GroupResource, ns, name) ?? throw StatusObjects.NotFound(type.Plural, type.Group, name);
            var rv = body.Metadata().GetString("resourceVersion");
            if (string.IsNullOrEmpty(rv) && !type.BuiltIn)
            {
                // Custom resources do not allow unconditional updates, unlike most built-in kinds.
                throw StatusObjects.Invalid(type.Kind, type.Group, name, [new StatusCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]);
            }

            if (!string.IsNullOrEmpty(rv) && rv != current.Metadata().GetString("resourceVersion"))
            {
                throw StatusObjects.Conflict(type.Plural, type.Group, name, "the object has been modified; please apply your changes to the latest version and try again");
            }

            return Present(type, UpdateLocked(type, current, body, subresource, options, applied: false));
        }
    }

    /// <summary>Patches an object with a JSON, merge or strategic merge patch, or applies a configuration (server-side apply).</summary>
    public (JsonObject Object, bool Created) Patch(ResourceType type, string ns, string name, Func<JsonObject?, JsonObject> patcher, string? subresource, WriteOptions options, bool isApply)
    {
        lock (_store.Gate)
        {
            var current = _store.Get(type.GroupResource, ns, name);
            if (current is null && !isApply)
            {
                throw StatusObjects.NotFound(type.Plural, type.Group, name);
            }

            var patched = patcher(current is null ? null : Present(type, current));
            CheckIdentity(type, ns, name, patched);
            if (current is null)
            {
                return (Present(type, CreateLocked(type, ns, patched, options, applyManaged: true)), true);
            }

            var rv = patched.Metadata().GetString("resourceVersion");
            if (!string.IsNullOrEmpty(rv) && rv != current.Metadata().GetString("resourceVersion"))
            {
                throw StatusObjects.Conflict(type.Plural, type.Group, name, "the object has been modified; please apply your changes to the latest version and try again");
            }

            return (Present(type, UpdateLocked(type, current, patched, subresource, options, applied: isApply)), false);
        }
    }

    /// <summary>Server-side apply's merge, run inside <see cref="Patch"/>.</summary>
    public JsonObject ApplyConfiguration(ResourceType type, JsonObject? current, JsonObject applied, string manager, bool force, string? subresource) =>
        _fields.Apply(current, applied, manager, force, type.ApiVersion, subresource, Scope(type, subresource), Rules(type), type.Plural, type.Group);

    public (JsonObject Body, int Code) Delete(ResourceType type, string ns, string name, DeleteRequest request, WriteOptions options)
    {
        lock (_store.Gate)
        {
            var current = _store.Get(type.GroupResource, ns, name) ?? throw StatusObjects.NotFound(type.Plural, type.Group, name);
            if (request.PreconditionUid is { Length: > 0 } uid && uid != current.Uid())
            {
                throw StatusObjects.Conflict(type.Plural, type.Group, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid()}");
            }

            if (request.PreconditionResourceVersion is { Length: > 0 } prv && prv != current.Metadata().GetString("resourceVersion"))
            {
                throw StatusObjects.Conflict(type.Plural, type.Group, name, $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {current.Metadata().GetString("resourceVersion")}");
            }

            var result = options.DryRun ? current.DeepCloneObject() : DeleteLocked(type, current, request.Propagation);
            var gone = !options.DryRun && _store.Get(type.GroupResource, ns, name) is null;
            if (!options.DryRun)
            {
                CollectGarbage();
                gone = _store.Get(type.GroupResource, ns, name) is null;
                if (!gone)
                {
                    result = _store.Get(type.GroupResource, ns, name)!;
                }
            }

            if (gone && type.BuiltIn && type.GroupResource != NamespacesResource)
            {
                return (StatusObjects.Success(name, type.Group, type.Plural, current.Uid()), 200);
            }

            return (Present(type, result), gone || options.DryRun ? 200 : 202);
        }
    }

    public JsonObject DeleteCollection(ResourceType type, string? ns, ListOptions list, DeleteRequest request, WriteOptions options)
    {
        lock (_store.Gate)
        {
            var items = new JsonArray();
            foreach (var (_, obj) in _store.List(type.GroupResource, ns).ToList())
            {
                if (!list.Fields.Matches(obj) || !list.Labels.Matches(obj.Labels()))
                {
                    continue;
                }

                items.Add(Present(type, options.DryRun ? obj : DeleteLocked(type, obj, request.Propagation)));
            }

            if (!options.DryRun)
            {
                CollectGarbage();
            }

            return new JsonObject
            {
                ["kind"] = type.Kind + "List",
                ["apiVersion"] = type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(_store.ResourceVersion) },
                ["items"] = items,
            };
        }
    }

    /// <summary>The autoscaling/v1 Scale view of a scalable object.</summary>
    public JsonObject GetScale(ResourceType type, string ns, string name)
    {
        lock (_store.Gate)
        {
            var obj = _store.Get(type.GroupResource, ns, name) ?? throw StatusObjects.NotFound(type.Plural, type.Group, name);
            return ScaleView(type, obj);
        }
    }

    /// <summary>Changes the Scale view and writes its replicas into the object's spec (bumping generation like a spec change).</summary>
    public JsonObject UpdateScale(ResourceType type, string ns, string name, Func<JsonObject, JsonObject> change, WriteOptions options)
    {
        lock (_store.Gate)
        {
            var current = _store.Get(type.GroupResource, ns, name) ?? throw StatusObjects.NotFound(type.Plural, type.Group, name);
            var scale = change(ScaleView(type, current));
            var rv = scale.Metadata().GetString("resourceVersion");
            if (!string.IsNullOrEmpty(rv) && rv != current.Metadata().GetString("resourceVersion"))
            {
                throw StatusObjects.Conflict(type.Plural, type.Group, name, "the object has been modified; please apply your changes to the latest version and try again");
            }

            if (scale["spec"]?["replicas"] is not JsonValue replicas || !long.TryParse(replicas.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 0)
            {
                throw StatusObjects.Invalid("Scale", "autoscaling", name, [new StatusCause("FieldValueInvalid", "Invalid value: must be a non-negative integer", "spec.replicas")]);
            }

            var updated = current.DeepCloneObject();
            SetPath(updated, type.Scale!.SpecReplicasPath, JsonValue.Create(count));
            var stored = UpdateLocked(type, current, updated, "scale", options, applied: false);
            return ScaleView(type, stored);
        }
    }

    private static JsonObject ScaleView(ResourceType type, JsonObject obj)
    {
        var scale = type.Scale!;
        var meta = obj.Metadata();
        var status = new JsonObject { ["replicas"] = GetPath(obj, scale.StatusReplicasPath)?.DeepClone() ?? 0 };
        if (scale.LabelSelectorPath is { } selectorPath && GetPath(obj, selectorPath) is { } selector)
        {
            status["selector"] = selector is JsonObject labelSelector ? SelectorString(labelSelector) : selector.ToString();
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = GetPath(obj, scale.SpecReplicasPath)?.DeepClone() ?? 1 },
            ["status"] = status,
        };
    }

    /// <summary>A LabelSelector as the selector string of a Scale's status.</summary>
    private static string SelectorString(JsonObject selector)
    {
        var terms = JsonObjectExtensions.StringMap(selector["matchLabels"]).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}").ToList();
        foreach (var e in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = e.GetString("key");
            var values = string.Join(",", (e["values"] as JsonArray ?? []).Select(v => v?.ToString()));
            terms.Add(e.GetString("operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key!,
                _ => $"!{key}",
            });
        }

        return string.Join(",", terms);
    }

    private static JsonNode? GetPath(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    private static void SetPath(JsonObject obj, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var node = obj;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }

    /// <summary>Sets apiVersion and kind as the requested version shows them, on a copy.</summary>
    public static JsonObject Present(ResourceType type, JsonObject obj)
    {
        var copy = new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind };
        foreach (var (key, value) in obj)
        {
            if (key is not "apiVersion" and not "kind")
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    private JsonObject CreateLocked(ResourceType type, string ns, JsonObject body, WriteOptions options, bool? applyManaged)
    {
        var obj = body.DeepCloneObject();
        obj["apiVersion"] = type.StorageApiVersion;
        var meta = obj.Metadata();
        if (type.Namespaced)
        {
            meta["namespace"] = ns;
        }
        else
        {
            meta.Remove("namespace");
        }

        var name = meta.GetString("name");
        if (string.IsNullOrEmpty(name))
        {
            var prefix = meta.GetString("generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw StatusObjects.Invalid(type.Kind, type.Group, string.Empty, [new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
            }

            do
            {
                name = prefix + RandomSuffix();
            }
            while (_store.Get(type.GroupResource, ns, name) is not null);
            meta["name"] = name;
        }

        ValidateMetadata(type, obj);
        if (type.Namespaced)
        {
            var space = _store.Get(NamespacesResource, string.Empty, ns) ?? throw StatusObjects.NotFound(NamespacesResource, string.Empty, ns);
            if (space.IsDeleting())
            {
                throw StatusObjects.Forbidden(type.Plural, type.Group, name, $"unable to create new content in namespace {ns} because it is being terminated");
            }
        }

        if (_store.Get(type.GroupResource, ns, name) is not null)
        {
            throw StatusObjects.AlreadyExists(type.Plural, type.Group, name);
        }

        foreach (var server in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion", "selfLink" })
        {
            meta.Remove(server);
        }

        // The uid exists before the strategies run: Jobs derive their generated selector from it.
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Now();
        type.Strategy.PrepareForCreate(type, obj);
        CheckUnknownFields(type, obj, options);
        type.Strategy.Default(type, obj);
        Validate(type, obj, null);
        if (type.TracksGeneration)
        {
            meta["generation"] = 1;
        }
        else
        {
            meta.Remove("generation");
        }

        if (applyManaged != true)
        {
            meta.Remove("managedFields");
            _fields.RecordUpdate(null, obj, options.FieldManager, type.ApiVersion, null, Scope(type, null), Rules(type));
        }

        if (options.DryRun)
        {
            return obj;
        }

        var stored = _store.Put(type.GroupResource, obj, created: true);
        AfterWrite(type, stored);
        if (stored.Metadata()["ownerReferences"] is JsonArray { Count: > 0 })
        {
            // A dependent whose owners are already gone is collected, as the real garbage collector would.
            CollectGarbage();
        }

        return stored;
    }

    private JsonObject UpdateLocked(ResourceType type, JsonObject current, JsonObject body, string? subresource, WriteOptions options, bool applied)
    {
        var updated = body.DeepCloneObject();

        // Written through any served version, stored at the storage version (conversion strategy None: fields as they are).
        updated["apiVersion"] = type.StorageApiVersion;
        var meta = updated.Metadata();
        var oldMeta = current.Metadata();
        foreach (var kept in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name", "generation" })
        {
            meta.Remove(kept);
            if (oldMeta[kept] is { } value)
            {
                meta[kept] = value.DeepClone();
            }
        }

        if (subresource == "status")
        {
            // The status subresource changes status only: metadata stays as stored.
            var managed = meta["managedFields"]?.DeepClone();
            updated["metadata"] = oldMeta.DeepClone();
            if (applied && managed is not null)
            {
                updated.Metadata()["managedFields"] = managed;
            }
        }

        type.Strategy.PrepareForUpdate(type, updated, current, subresource == "status");
        CheckUnknownFields(type, updated, options);
        type.Strategy.Default(type, updated);
        ValidateMetadata(type, updated);
        Validate(type, updated, current);
        if (current.IsDeleting())
        {
            // A terminating object may only lose finalizers, never gain new ones.
            var added = updated.Finalizers().Except(current.Finalizers(), StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                throw StatusObjects.Invalid(type.Kind, type.Group, current.Name(), [new StatusCause("FieldValueForbidden", "Forbidden: no new finalizers can be added if the object is being deleted", "metadata.finalizers")]);
            }
        }

        if (type.TracksGeneration && type.Strategy.IsSpecChange(type, updated, current))
        {
            var generation = oldMeta["generation"] is JsonValue g && long.TryParse(g.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;
            meta["generation"] = generation + 1;
        }

        if (!applied)
        {
            _fields.RecordUpdate(current, updated, options.FieldManager, type.ApiVersion, subresource, Scope(type, subresource), Rules(type));
        }

        meta["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
        if (JsonNode.DeepEquals(WithoutManagedTimes(updated), WithoutManagedTimes(current)))
        {
            // A no-op write keeps the resource version, like the real server.
            return current;
        }

        if (options.DryRun)
        {
            return updated;
        }

        var stored = _store.Put(type.GroupResource, updated, created: false);
        AfterWrite(type, stored);
        if (stored.IsDeleting() && stored.Finalizers().Count == 0)
        {
            _store.Remove(type.GroupResource, stored);
            AfterRemove(type, stored);
        }

        if (stored.IsDeleting() || stored.Metadata()["ownerReferences"] is not null || current.Metadata()["ownerReferences"] is not null)
        {
            CollectGarbage();
        }

        return stored;
    }

    private static JsonObject WithoutManagedTimes(JsonObject obj)
    {
        var copy = obj.DeepCloneObject();
        if (copy.Metadata()["managedFields"] is JsonArray entries)
        {
            foreach (var entry in entries.OfType<JsonObject>())
            {
                entry.Remove("time");
            }
        }

        return copy;
    }

    /// <summary>Starts deleting one object: marks it when finalizers hold it, removes it otherwise.</summary>
    private JsonObject DeleteLocked(ResourceType type, JsonObject current, PropagationPolicy propagation)
    {
        if (current.IsDeleting())
        {
            return current;
        }

        var updated = current.DeepCloneObject();
        var finalizers = updated.Finalizers();
        if (propagation == PropagationPolicy.Foreground && HasDependents(current.Uid()))
        {
            finalizers.Add(ForegroundFinalizer);
        }
        else if (propagation == PropagationPolicy.Orphan && HasDependents(current.Uid()))
        {
            finalizers.Add(OrphanFinalizer);
        }

        if (type.GroupResource == NamespacesResource)
        {
            updated["status"] = new JsonObject { ["phase"] = "Terminating" };
        }
        else if (type.GroupResource == CrdResource && AnyCustomObjects(current))
        {
            finalizers.Add(CrdCleanupFinalizer);
        }

        var specFinalizers = type.GroupResource == NamespacesResource && updated["spec"]?["finalizers"] is JsonArray { Count: > 0 };
        if (finalizers.Count == 0 && !specFinalizers)
        {
            _store.Remove(type.GroupResource, current);
            AfterRemove(type, current);
            return current;
        }

        updated.SetFinalizers(finalizers.Distinct(StringComparer.Ordinal).ToList());
        updated.Metadata()["deletionTimestamp"] = Now();
        updated.Metadata()["deletionGracePeriodSeconds"] = 0;
        return _store.Put(type.GroupResource, updated, created: false);
    }

    /// <summary>
    /// Runs the controllers that finish deletions, to a fixed point: namespace and CRD cleanup, foreground and
    /// orphan finalizers, and deletion of dependents whose owners are all gone.
    /// </summary>
    private void CollectGarbage()
    {
        for (var pass = 0; pass < 64; pass++)
        {
            var changed = false;

            // Only terminating objects and dependents can need work; everything else is skipped cheaply.
            var candidates = _store.All().Where(p => p.Object.IsDeleting() || p.Object.Metadata()["ownerReferences"] is JsonArray { Count: > 0 }).ToList();
            foreach (var (groupResource, obj) in candidates)
            {
                var type = TypeFor(groupResource);
                if (type is null)
                {
                    continue;
                }

                if (obj.IsDeleting())
                {
                    changed |= Finalize(type, obj);
                }
                else if (obj.Metadata()["ownerReferences"] is JsonArray { Count: > 0 } owners
                    && owners.OfType<JsonObject>().All(o => _store.GetByUid(o.GetString("uid") ?? string.Empty) is null))
                {
                    DeleteLocked(type, obj, PropagationPolicy.Background);
                    changed = true;
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    private bool Finalize(ResourceType type, JsonObject obj)
    {
        var finalizers = obj.Finalizers();
        var before = finalizers.Count;
        var updated = obj.DeepCloneObject();
        var changed = false;
        if (type.GroupResource == NamespacesResource && updated["spec"]?["finalizers"] is JsonArray { Count: > 0 })
        {
            var contents = _store.All().Where(p => p.Object.Namespace() == obj.Name() && TypeFor(p.GroupResource)?.Namespaced == true).ToList();
            foreach (var (gr, item) in contents.Where(c => !c.Object.IsDeleting()))
            {
                DeleteLocked(TypeFor(gr)!, item, PropagationPolicy.Background);
                changed = true;
            }

            if (!_store.All().Any(p => p.Object.Namespace() == obj.Name() && TypeFor(p.GroupResource)?.Namespaced == true))
            {
                updated["spec"] = new JsonObject { ["finalizers"] = new JsonArray() };
                changed = true;
            }
        }

        if (finalizers.Contains(CrdCleanupFinalizer))
        {
            var servedTypes = CustomResourceDefinitionStrategy.ServedTypes(obj);
            var served = servedTypes.Count > 0 ? servedTypes[0] : null;
            if (served is not null)
            {
                foreach (var (_, item) in _store.List(served.GroupResource, null).ToList().Where(i => !i.Value.IsDeleting()))
                {
                    DeleteLocked(served, item, PropagationPolicy.Background);
                    changed = true;
                }
            }

            if (served is null || !_store.AnyIn(served.GroupResource))
            {
                finalizers.Remove(CrdCleanupFinalizer);
            }
        }

        if (finalizers.Contains(ForegroundFinalizer))
        {
            foreach (var (gr, dependent) in Dependents(obj.Uid()).Where(d => !d.Object.IsDeleting()))
            {
                DeleteLocked(TypeFor(gr)!, dependent, PropagationPolicy.Foreground);
                changed = true;
            }

            if (Dependents(obj.Uid()).Count == 0)
            {
                finalizers.Remove(ForegroundFinalizer);
            }
        }

        if (finalizers.Contains(OrphanFinalizer))
        {
            foreach (var (gr, dependent) in Dependents(obj.Uid()))
            {
                var freed = dependent.DeepCloneObject();
                var refs = (JsonArray)freed.Metadata()["ownerReferences"]!;
                foreach (var r in refs.OfType<JsonObject>().Where(r => r.GetString("uid") == obj.Uid()).ToList())
                {
                    refs.Remove(r);
                }

                if (refs.Count == 0)
                {
                    freed.Metadata().Remove("ownerReferences");
                }

                _store.Put(gr, freed, created: false);
            }

            finalizers.Remove(OrphanFinalizer);
        }

        var specDone = updated["spec"]?["finalizers"] is not JsonArray { Count: > 0 } || type.GroupResource != NamespacesResource;
        if (finalizers.Count == 0 && specDone)
        {
            _store.Remove(type.GroupResource, obj);
            AfterRemove(type, obj);
            return true;
        }

        if (finalizers.Count != before || changed)
        {
            updated.SetFinalizers(finalizers);
            if (!JsonNode.DeepEquals(updated, obj))
            {
                _store.Put(type.GroupResource, updated, created: false);
                return true;
            }

            return changed;
        }

        return false;
    }

    private List<(string GroupResource, JsonObject Object)> Dependents(string uid) =>
        _store.All().Where(p => p.Object.Metadata()["ownerReferences"] is JsonArray refs
            && refs.OfType<JsonObject>().Any(r => r.GetString("uid") == uid)).ToList();

    private bool HasDependents(string uid) => Dependents(uid).Count > 0;

    private bool AnyCustomObjects(JsonObject crd) =>
        CustomResourceDefinitionStrategy.ServedTypes(crd) is { Count: > 0 } types && _store.AnyIn(types[0].GroupResource);

    private ResourceType? TypeFor(string groupResource) =>
        _registry.Types.FirstOrDefault(t => t.GroupResource == groupResource) ?? _removedTypes.GetValueOrDefault(groupResource);

    private void AfterWrite(ResourceType type, JsonObject stored)
    {
        if (type.GroupResource == CrdResource && !stored.IsDeleting())
        {
            _registry.SetDefinedBy(stored.Name(), CustomResourceDefinitionStrategy.ServedTypes(stored));
        }
    }

    private void AfterRemove(ResourceType type, JsonObject removed)
    {
        if (type.GroupResource == CrdResource)
        {
            foreach (var t in _registry.Types.Where(t => t.DefinedBy == removed.Name()))
            {
                _removedTypes[t.GroupResource] = t;
                foreach (var (_, item) in _store.List(t.GroupResource, null).ToList())
                {
                    _store.Remove(t.GroupResource, item);
                }
            }

            _registry.SetDefinedBy(removed.Name(), []);
        }
    }

    private static void CheckIdentity(ResourceType type, string ns, string name, JsonObject body)
    {
        CheckKind(type, body);
        var bodyName = body.Metadata().GetString("name");
        if (!string.IsNullOrEmpty(bodyName) && bodyName != name)
        {
            throw StatusObjects.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        body.Metadata()["name"] = name;
        var bodyNs = body.Metadata().GetString("namespace");
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
        {
            throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    /// <summary>
    /// Checks the body's apiVersion and kind name what the URL addresses. Missing ones default to the URL's, as
    /// the real server's decoder does, unless <paramref name="required"/> (apply configurations must name both).
    /// </summary>
    public static void CheckKind(ResourceType type, JsonObject body, bool required = false)
    {
        if (!required && body["kind"] is null && body["apiVersion"] is null)
        {
            body["kind"] = type.Kind;
            body["apiVersion"] = type.ApiVersion;
        }

        var kind = body.GetString("kind");
        var apiVersion = body.GetString("apiVersion");
        if (string.IsNullOrEmpty(kind))
        {
            throw StatusObjects.BadRequest("Object 'Kind' is missing in '" + Truncate(body.ToJsonString()) + "'");
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            throw StatusObjects.BadRequest("Object 'apiVersion' is missing in '" + Truncate(body.ToJsonString()) + "'");
        }

        if (kind != type.Kind || apiVersion != type.ApiVersion)
        {
            throw StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})" +
                (kind != type.Kind ? $" or the kind in the data ({kind}) does not match the expected kind ({type.Kind})" : string.Empty));
        }
    }

    private static ListRules Rules(ResourceType type) => type.BuiltIn ? ListRules.BuiltIn : new ListRules(type.Schema ?? []);

    private static FieldScope Scope(ResourceType type, string? subresource) =>
        subresource == "status" ? FieldScope.StatusOnly : type.HasStatus ? FieldScope.WithoutStatus : FieldScope.All;

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "…" : s;

    private static void ValidateMetadata(ResourceType type, JsonObject obj)
    {
        var causes = new List<StatusCause>();
        var name = obj.Name();
        if (type.NameRule == NameRule.Label)
        {
            if (name.Length > 63 || !LabelName().IsMatch(name))
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')", "metadata.name"));
            }
        }
        else if (name.Length > 253 || !SubdomainName().IsMatch(name))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')", "metadata.name"));
        }

        ValidateOwnerReferences(obj.Metadata()["ownerReferences"], causes);
        foreach (var (key, node) in new[] { ("labels", obj.Metadata()["labels"]), ("annotations", obj.Metadata()["annotations"]) })
        {
            if (node is null)
            {
                continue;
            }

            if (node is not JsonObject map || map.Any(p => p.Value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String))
            {
                causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: must be a map of strings", $"metadata.{key}"));
                continue;
            }

            foreach (var (k, v) in map)
            {
                if (!LabelKey().IsMatch(k))
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{k}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", $"metadata.{key}"));
                }
                else if (key == "labels" && v!.GetValue<string>() is { Length: > 0 } value && !LabelValue().IsMatch(value))
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", "metadata.labels"));
                }
            }
        }

        if (causes.Count > 0)
        {
            throw StatusObjects.Invalid(type.Kind, type.Group, name, causes);
        }
    }

    /// <summary>Prunes unknown fields; Strict refuses them like the real decoder, Warn reports them, Ignore drops them silently.</summary>
    private static void CheckUnknownFields(ResourceType type, JsonObject obj, WriteOptions options)
    {
        var unknown = type.Strategy.Prune(type, obj);
        if (unknown.Count == 0)
        {
            return;
        }

        var listed = string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));
        if (options.FieldValidation == "Strict")
        {
            throw StatusObjects.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {listed}");
        }

        if (options.FieldValidation == "Warn")
        {
            options.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
        }
    }

    private static void ValidateOwnerReferences(JsonNode? node, List<StatusCause> causes)
    {
        if (node is null)
        {
            return;
        }

        if (node is not JsonArray references)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: must be a list", "metadata.ownerReferences"));
            return;
        }

        var controllers = 0;
        for (var i = 0; i < references.Count; i++)
        {
            if (references[i] is not JsonObject reference)
            {
                causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: must be an object", $"metadata.ownerReferences[{i}]"));
                continue;
            }

            foreach (var required in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (string.IsNullOrEmpty(reference.GetString(required)))
                {
                    causes.Add(new StatusCause("FieldValueRequired", $"Required value: {required} must not be empty", $"metadata.ownerReferences[{i}].{required}"));
                }
            }

            if (reference["controller"] is JsonValue c && c.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                controllers++;
            }
        }

        if (controllers > 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: Only one reference can have Controller set to true", "metadata.ownerReferences"));
        }
    }

    private static void Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = type.Strategy.Validate(type, obj, old);
        if (causes.Count > 0)
        {
            throw StatusObjects.Invalid(type.Kind, type.Group, obj.Name(), causes);
        }
    }

    // The token is what the real server sends: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":KEY}; ours resumes
    // after KEY.
    private static (long? Version, string? Start) DecodeContinue(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, null);
        }

        try
        {
            var json = JsonNode.Parse(Convert.FromBase64String(token)) as JsonObject;
            if (json?["v"]?.GetValue<string>() != "meta.k8s.io/v1")
            {
                throw StatusObjects.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }

            var rv = json["rv"]?.GetValue<long>() ?? 0;
            var start = json["start"]?.GetValue<string>();
            if (rv <= 0 || string.IsNullOrEmpty(start))
            {
                throw StatusObjects.BadRequest("continue key is not valid: incorrect encoded start resourceVersion or key");
            }

            return (rv, start);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw StatusObjects.BadRequest("continue key is not valid: illegal base64 data or not JSON");
        }
    }

    private static string EncodeContinue(long version, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = version, ["start"] = key }.ToJsonString()));

    private static string RandomSuffix()
    {
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = NameChars[System.Security.Cryptography.RandomNumberGenerator.GetInt32(NameChars.Length)];
        }

        return new string(chars);
    }

    private static string Rv(long rv) => rv.ToString(CultureInfo.InvariantCulture);

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainName();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
