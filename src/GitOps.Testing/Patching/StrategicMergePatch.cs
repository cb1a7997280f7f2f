using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;

namespace GitOps.Testing.Patching;

/// <summary>
/// Strategic merge patch for the built-in kinds: maps merge, lists with a patch-merge key merge item by item,
/// <c>finalizers</c> merge as a set, other lists replace; the <c>$patch</c> (replace, delete, merge),
/// <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/…</c> directives are honoured and
/// <c>$setElementOrder/…</c> is accepted and ignored.
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonObject Apply(JsonObject original, JsonNode? patch)
    {
        if (patch is not JsonObject patchMap)
        {
            throw StatusObjects.BadRequest("the strategic merge patch must be a JSON object");
        }

        return MergeMap((JsonObject)original.DeepClone(), patchMap, null);
    }

    private static JsonObject MergeMap(JsonObject target, JsonObject patch, string? field)
    {
        if (patch["$patch"] is JsonValue directive)
        {
            var what = directive.ToString();
            if (what == "replace")
            {
                var replaced = (JsonObject)patch.DeepClone();
                replaced.Remove("$patch");
                return replaced;
            }

            if (what == "delete")
            {
                return [];
            }

            if (what != "merge")
            {
                throw StatusObjects.BadRequest($"Unknown patch type: {what} in map: {patch.ToJsonString()}");
            }
        }

        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.ToString()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(p => p.Key).ToList())
            {
                if (!keep.Contains(key))
                {
                    target.Remove(key);
                }
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var listName = key["$deleteFromPrimitiveList/".Length..];
                if (target[listName] is JsonArray list && value is JsonArray toDelete)
                {
                    var kept = list.Where(i => !toDelete.Any(d => JsonNode.DeepEquals(d, i))).Select(i => i?.DeepClone()).ToArray();
                    target[listName] = new JsonArray(kept);
                }

                continue;
            }

            if (value is null || value.GetValueKind() == JsonValueKind.Null)
            {
                target.Remove(key);
                continue;
            }

            if (value is JsonObject childPatch)
            {
                if (childPatch["$patch"] is JsonValue d && d.ToString() == "delete")
                {
                    target.Remove(key);
                    continue;
                }

                var existing = target[key] as JsonObject;
                var merged = MergeMap(existing ?? [], childPatch, key);
                if (!ReferenceEquals(merged, existing))
                {
                    target[key] = merged;
                }
            }
            else if (value is JsonArray listPatch && target[key] is JsonArray current)
            {
                target[key] = MergeList(current, listPatch, key, field);
            }
            else if (value is JsonArray newList)
            {
                // Nothing to merge with: directives still must not leak into the stored object.
                target[key] = MergeList([], newList, key, field);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        return target;
    }

    private static JsonArray MergeList(JsonArray current, JsonArray patch, string field, string? parentField)
    {
        if (patch.OfType<JsonObject>().Any(i => i["$patch"] is JsonValue v && v.ToString() == "replace"))
        {
            return new JsonArray(patch.Where(i => !(i is JsonObject o && o["$patch"] is not null)).Select(i => i?.DeepClone()).ToArray());
        }

        if (ListSemantics.IsSet(field) && patch.All(i => i is JsonValue))
        {
            var merged = (JsonArray)current.DeepClone();
            foreach (var item in patch)
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                {
                    merged.Add(item?.DeepClone());
                }
            }

            return merged;
        }

        var key = ListSemantics.MergeKey(field, parentField);
        if (key is null)
        {
            return new JsonArray(patch.Select(i => i?.DeepClone()).ToArray());
        }

        var result = (JsonArray)current.DeepClone();
        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                throw StatusObjects.BadRequest($"the items of \"{field}\" must be objects with the merge key \"{key}\"");
            }

            if (patchItem[key] is null)
            {
                throw StatusObjects.BadRequest($"map: {patchItem.ToJsonString()} does not contain declared merge key: {key}");
            }

            var index = -1;
            for (var i = 0; i < result.Count; i++)
            {
                if (result[i] is JsonObject existing && JsonNode.DeepEquals(existing[key], patchItem[key]))
                {
                    index = i;
                    break;
                }
            }

            var deleting = patchItem["$patch"] is JsonValue p && p.ToString() == "delete";
            if (deleting)
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                var existing = (JsonObject)result[index]!;
                var merged = MergeMap(existing, patchItem, field);
                if (!ReferenceEquals(merged, existing))
                {
                    result[index] = merged;
                }
            }
            else
            {
                result.Add(MergeMap([], patchItem, field));
            }
        }

        return result;
    }
}
