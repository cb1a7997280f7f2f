using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Patching;

namespace GitOps.Testing.Apply;

/// <summary>
/// Tracks field ownership in <c>metadata.managedFields</c> and implements server-side apply on top of it:
/// updates take the fields they change, applies own exactly what they apply, conflict with other owners' values
/// unless forced, and remove what their manager stopped applying when no one else owns it.
/// </summary>
internal sealed class FieldManager
{
    private readonly TimeProvider _time;

    public FieldManager(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Records a create or update by <paramref name="manager"/>: it takes every field whose value changed.</summary>
    public void RecordUpdate(JsonObject? old, JsonObject updated, string manager, string apiVersion, string? subresource, FieldScope scope, ListRules rules)
    {
        // Managed fields the request itself changed are taken as given (an empty list resets them): kubectl's
        // client-side to server-side apply upgrade rewrites them this way.
        if (old is not null && updated.Metadata()["managedFields"] is JsonArray given && !JsonNode.DeepEquals(given, old.Metadata()["managedFields"]))
        {
            Write(updated, Read(updated));
            return;
        }

        var entries = old is null ? [] : Read(old);
        var before = old is null ? new Dictionary<string, string>(StringComparer.Ordinal) : FieldPaths.Flatten(old, scope, rules);
        var after = FieldPaths.Flatten(updated, scope, rules);
        var changed = after.Where(p => !before.TryGetValue(p.Key, out var v) || v != p.Value).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).ToHashSet(StringComparer.Ordinal);
        if (changed.Count == 0 && removed.Count == 0 && old is not null)
        {
            Write(updated, entries);
            return;
        }

        foreach (var entry in entries)
        {
            entry.Fields.ExceptWith(changed);
            entry.Fields.ExceptWith(removed);
        }

        var mine = new ManagedFieldsEntry(manager, "Update", apiVersion, Now(), subresource, changed);
        var existing = entries.FirstOrDefault(e => e.SameOwner(mine));
        if (existing is not null)
        {
            existing.Fields.UnionWith(changed);
            entries[entries.IndexOf(existing)] = existing with { Time = Now(), ApiVersion = apiVersion };
        }
        else
        {
            entries.Add(mine);
        }

        Write(updated, entries);
    }

    /// <summary>
    /// Applies <paramref name="applied"/> for <paramref name="manager"/> onto <paramref name="current"/> (null when the
    /// object does not exist yet) and returns the merged object with its managed fields.
    /// </summary>
    public JsonObject Apply(JsonObject? current, JsonObject applied, string manager, bool force, string apiVersion, string? subresource, FieldScope scope, ListRules rules, string resource, string group)
    {
        var entries = current is null ? [] : Read(current);
        var appliedPaths = FieldPaths.Flatten(applied, scope, rules);
        var currentPaths = current is null ? new Dictionary<string, string>(StringComparer.Ordinal) : FieldPaths.Flatten(current, scope, rules);
        var me = new ManagedFieldsEntry(manager, "Apply", apiVersion, Now(), subresource, appliedPaths.Keys.ToHashSet(StringComparer.Ordinal));

        // Conflicts: another manager owns a field this apply sets to a different value.
        var conflicts = new List<(string Path, ManagedFieldsEntry Owner)>();
        foreach (var (path, value) in appliedPaths)
        {
            if (currentPaths.TryGetValue(path, out var now) && now == value)
            {
                continue;
            }

            foreach (var entry in entries.Where(e => e.Manager != manager && e.Fields.Contains(path)))
            {
                conflicts.Add((path, entry));
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw ConflictError(conflicts, resource, group, applied.Name());
        }

        foreach (var (path, owner) in conflicts)
        {
            owner.Fields.Remove(path);
        }

        // Fields this manager applied before but not now lose their owner; unowned ones leave the object.
        var previous = entries.FirstOrDefault(e => e.SameOwner(me))?.Fields ?? [];
        var dropped = previous.Where(p => !me.Fields.Contains(p) && !entries.Any(e => !e.SameOwner(me) && e.Fields.Contains(p))).ToList();

        var merged = current?.DeepCloneObject() ?? new JsonObject();
        // Whole list items first (their "." path), so their fields are not removed one by one leaving keyless items.
        var itemsFirst = dropped.OrderBy(p => p.EndsWith(FieldPaths.Separator + ".", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(p => p.EndsWith(FieldPaths.Separator + ".", StringComparison.Ordinal) ? p.Length : -p.Length);
        foreach (var path in itemsFirst)
        {
            RemovePath(merged, path);
        }

        MergeInto(merged, applied, null, rules);

        entries.RemoveAll(e => e.SameOwner(me));
        entries.Add(me);

        // A field shared by value with an updater stays owned by both; nothing else to adjust.
        Write(merged, entries);
        return merged;
    }

    private static ApiException ConflictError(List<(string Path, ManagedFieldsEntry Owner)> conflicts, string resource, string group, string name)
    {
        var causes = conflicts.Select(c => new StatusCause("FieldManagerConflict", $"conflict with \"{c.Owner.Manager}\"{(c.Owner.Operation == "Update" ? $" using {c.Owner.ApiVersion}" : string.Empty)}", FieldPaths.Display(c.Path))).ToList();
        var lines = string.Join("\n", causes.Select(c => $"- {c.Message}: {c.Field}"));
        var message = conflicts.Count == 1
            ? $"Apply failed with 1 conflict: {causes[0].Message}: {causes[0].Field}"
            : $"Apply failed with {conflicts.Count} conflicts: conflicts with managers:\n{lines}";
        return new ApiException(409, "Conflict", message, new StatusDetails(name, group, resource, causes));
    }

    /// <summary>Merges an applied configuration: maps field by field, keyed lists item by item, other lists replaced.</summary>
    internal static void MergeInto(JsonObject target, JsonObject source, string? field, ListRules rules)
    {
        foreach (var (key, value) in source)
        {
            if (FieldPaths.IsNull(value))
            {
                continue;
            }

            if (value is JsonObject sourceMap && target[key] is JsonObject targetMap)
            {
                MergeInto(targetMap, sourceMap, key, key == "metadata" && field is null ? ListRules.BuiltIn : rules.Field(key));
            }
            else if (value is JsonArray sourceList && target[key] is JsonArray targetList)
            {
                target[key] = MergeList(targetList, sourceList, key, field, rules.Field(key));
            }
            else
            {
                target[key] = value!.DeepClone();
            }
        }

    }

    private static JsonArray MergeList(JsonArray target, JsonArray source, string field, string? parentField, ListRules rules)
    {
        if (rules.IsSet(field) && source.All(i => i is JsonValue))
        {
            var result = (JsonArray)target.DeepClone();
            foreach (var item in source)
            {
                if (!result.Any(r => JsonNode.DeepEquals(r, item)))
                {
                    result.Add(item!.DeepClone());
                }
            }

            return result;
        }

        var keyNames = FieldPaths.ItemKeyNames(source, field, parentField, rules);
        if (keyNames is null || FieldPaths.ItemKeyNames(target, field, parentField, rules) is null)
        {
            return (JsonArray)source.DeepClone();
        }

        var merged = (JsonArray)target.DeepClone();
        foreach (var item in source.OfType<JsonObject>())
        {
            var key = FieldPaths.ItemKey(item, keyNames);
            var match = merged.OfType<JsonObject>().FirstOrDefault(t => FieldPaths.ItemKey(t, keyNames) == key);
            if (match is null)
            {
                merged.Add(item.DeepClone());
            }
            else
            {
                MergeInto(match, item, field, rules.Items());
            }
        }

        return merged;
    }

    /// <summary>Removes the node a leaf path names (a <c>.</c> path removes the whole list item).</summary>
    private static void RemovePath(JsonObject root, string path)
    {
        var elements = path.Split(FieldPaths.Separator);
        if (elements[^1] == ".")
        {
            elements = elements[..^1];
        }

        JsonNode? node = root;
        for (var i = 0; i < elements.Length; i++)
        {
            var element = elements[i];
            var last = i == elements.Length - 1;
            if (element.StartsWith("f:", StringComparison.Ordinal) && node is JsonObject map)
            {
                var name = element[2..];
                if (last)
                {
                    map.Remove(name);
                    return;
                }

                node = map[name];
            }
            else if (node is JsonArray list)
            {
                var index = IndexOf(list, element);
                if (index < 0)
                {
                    return;
                }

                if (last)
                {
                    list.RemoveAt(index);
                    return;
                }

                node = list[index];
            }
            else
            {
                return;
            }
        }
    }

    private static int IndexOf(JsonArray list, string element)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (element.StartsWith("v:", StringComparison.Ordinal) && list[i]?.ToJsonString() == element[2..])
            {
                return i;
            }

            if (element.StartsWith("k:", StringComparison.Ordinal) && list[i] is JsonObject item
                && JsonNode.Parse(element[2..]) is JsonObject keys && keys.All(k => JsonNode.DeepEquals(item[k.Key] ?? ListSemantics.KeyDefault(k.Key), k.Value)))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<ManagedFieldsEntry> Read(JsonObject obj)
    {
        var result = new List<ManagedFieldsEntry>();
        if (obj.Metadata()["managedFields"] is not JsonArray array)
        {
            return result;
        }

        foreach (var e in array.OfType<JsonObject>())
        {
            result.Add(new ManagedFieldsEntry(
                e.GetString("manager") ?? string.Empty,
                e.GetString("operation") ?? "Update",
                e.GetString("apiVersion") ?? string.Empty,
                e.GetString("time") ?? string.Empty,
                e.GetString("subresource"),
                FieldPaths.FromFieldsV1(e["fieldsV1"])));
        }

        return result;
    }

    private static void Write(JsonObject obj, List<ManagedFieldsEntry> entries)
    {
        var array = new JsonArray();
        foreach (var e in entries.Where(e => e.Fields.Count > 0))
        {
            var entry = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldPaths.ToFieldsV1(e.Fields),
            };
            if (e.Subresource is not null)
            {
                entry["subresource"] = e.Subresource;
            }

            array.Add(entry);
        }

        if (array.Count == 0)
        {
            obj.Metadata().Remove("managedFields");
        }
        else
        {
            obj.Metadata()["managedFields"] = array;
        }
    }

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
