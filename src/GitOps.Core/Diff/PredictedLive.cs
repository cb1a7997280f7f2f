using System.Text.Json.Nodes;

namespace GitOps.Diff;

/// <summary>
/// Predicts the live object after desired is applied: desired merged onto live the way an apply merges it.
/// Fields only live has stay (server defaults, other writers), unless the last-applied configuration shows that
/// desired once had them and dropped them (three-way). Keyed lists merge element by element; other lists of
/// objects of equal length merge by position, so server defaults inside their elements are not drift.
/// </summary>
internal static class PredictedLive
{
    public static JsonObject Compute(JsonObject live, JsonObject desired, JsonObject? lastApplied) =>
        MergeObject(live, desired, lastApplied, string.Empty);

    private static JsonObject MergeObject(JsonObject live, JsonObject desired, JsonObject? lastApplied, string field)
    {
        var result = (JsonObject)live.DeepClone();
        foreach (var (key, desiredValue) in desired)
        {
            if (desiredValue is null)
            {
                // An explicit null deletes the field, as in a merge patch.
                result.Remove(key);
                continue;
            }

            var lastAppliedValue = lastApplied?[key];
            if (live.TryGetPropertyValue(key, out var liveValue) && liveValue is not null)
            {
                result[key] = MergeValue(liveValue, desiredValue, lastAppliedValue, key, field);
            }
            else if (!IsEmptyContainer(desiredValue))
            {
                // An empty map or list that live lacks is what the API server drops; it is not drift.
                result[key] = desiredValue.DeepClone();
            }
        }

        if (lastApplied is not null)
        {
            foreach (var (key, _) in lastApplied)
            {
                if (!desired.ContainsKey(key))
                {
                    result.Remove(key);
                }
            }
        }

        return result;
    }

    private static JsonNode MergeValue(JsonNode live, JsonNode desired, JsonNode? lastApplied, string field, string parentField) =>
        (live, desired) switch
        {
            (JsonObject l, JsonObject d) => MergeObject(l, d, lastApplied as JsonObject, field),
            (JsonArray l, JsonArray d) => MergeList(l, d, lastApplied as JsonArray, field),
            _ => ValueEquivalence.Equivalent(live, desired, field, parentField) ? live.DeepClone() : desired.DeepClone(),
        };

    private static JsonArray MergeList(JsonArray live, JsonArray desired, JsonArray? lastApplied, string field)
    {
        var keys = ListMergeKeys.For(field, desired.Count > 0 ? desired : live);
        if (keys is not null && AllObjects(live) && AllObjects(desired))
        {
            return MergeKeyed(live, desired, lastApplied, keys, field);
        }

        if (ListMergeKeys.IsScalarSet(field))
        {
            return MergeSet(live, desired, lastApplied);
        }

        if (live.Count == desired.Count && AllObjects(live) && AllObjects(desired))
        {
            var merged = new JsonArray();
            for (var i = 0; i < desired.Count; i++)
            {
                var lastAppliedElement = lastApplied is not null && i < lastApplied.Count ? lastApplied[i] as JsonObject : null;
                merged.Add(MergeObject((JsonObject)live[i]!, (JsonObject)desired[i]!, lastAppliedElement, field));
            }

            return merged;
        }

        if (live.Count == desired.Count && Enumerable.Range(0, live.Count).All(i => ValueEquivalence.Equivalent(live[i], desired[i], field, field)))
        {
            return (JsonArray)live.DeepClone();
        }

        return (JsonArray)desired.DeepClone();
    }

    // Live order is kept for the elements live has; desired-only elements follow. Elements only live has stay unless
    // the last-applied configuration had them (then desired dropped them on purpose).
    private static JsonArray MergeKeyed(JsonArray live, JsonArray desired, JsonArray? lastApplied, string[] keys, string field)
    {
        var merged = new JsonArray();
        var used = new bool[desired.Count];
        foreach (var liveElement in live.Cast<JsonObject>())
        {
            var index = FindIndex(desired, liveElement, keys);
            if (index >= 0)
            {
                used[index] = true;
                var desiredElement = (JsonObject)desired[index]!;
                var lastAppliedElement = lastApplied is null ? null : Find(lastApplied, desiredElement, keys);
                merged.Add(MergeObject(liveElement, desiredElement, lastAppliedElement, field));
            }
            else if (lastApplied is null || Find(lastApplied, liveElement, keys) is null)
            {
                merged.Add(liveElement.DeepClone());
            }
        }

        for (var i = 0; i < desired.Count; i++)
        {
            if (!used[i])
            {
                merged.Add(desired[i]!.DeepClone());
            }
        }

        return merged;
    }

    private static JsonArray MergeSet(JsonArray live, JsonArray desired, JsonArray? lastApplied)
    {
        var merged = new JsonArray();
        foreach (var element in live)
        {
            var inDesired = desired.Any(d => JsonNode.DeepEquals(d, element));
            var droppedOnPurpose = lastApplied?.Any(a => JsonNode.DeepEquals(a, element)) == true && !inDesired;
            if (!droppedOnPurpose)
            {
                merged.Add(element?.DeepClone());
            }
        }

        foreach (var element in desired)
        {
            if (!merged.Any(m => JsonNode.DeepEquals(m, element)))
            {
                merged.Add(element?.DeepClone());
            }
        }

        return merged;
    }

    private static int FindIndex(JsonArray list, JsonObject element, string[] keys)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject candidate && ListMergeKeys.SameKey(candidate, element, keys))
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonObject? Find(JsonArray list, JsonObject element, string[] keys) =>
        list.OfType<JsonObject>().FirstOrDefault(candidate => ListMergeKeys.SameKey(candidate, element, keys));

    private static bool AllObjects(JsonArray list) => list.All(e => e is JsonObject);

    private static bool IsEmptyContainer(JsonNode node) =>
        node is JsonObject { Count: 0 } or JsonArray { Count: 0 };
}
