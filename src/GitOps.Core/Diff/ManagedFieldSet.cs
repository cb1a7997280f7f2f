using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Diff;

/// <summary>
/// The fields a manager owns, read from an object's <c>metadata.managedFields</c> (the <c>FieldsV1</c> format:
/// <c>f:name</c> fields, <c>k:{…}</c> keyed list elements, <c>v:…</c> set values, <c>i:n</c> positions, <c>.</c> the
/// element itself), and removal of those fields from a document.
/// </summary>
internal static class ManagedFieldSet
{
    /// <summary>The field sets of the named managers, for every operation they made.</summary>
    public static List<JsonObject> Of(JsonObject live, IReadOnlyCollection<string> managers)
    {
        var sets = new List<JsonObject>();
        if (managers.Count == 0 || live["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return sets;
        }

        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (entry["manager"] is JsonValue manager && manager.TryGetValue(out string? name) && managers.Contains(name) &&
                entry["fieldsV1"] is JsonObject fields)
            {
                sets.Add(fields);
            }
        }

        return sets;
    }

    /// <summary>Removes the fields of a set from a document.</summary>
    public static void RemoveOwned(JsonNode? target, JsonObject fieldSet)
    {
        switch (target)
        {
            case JsonObject obj:
                foreach (var (key, child) in fieldSet)
                {
                    if (!key.StartsWith("f:", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var name = key[2..];
                    if (!obj.TryGetPropertyValue(name, out var value))
                    {
                        continue;
                    }

                    if (OwnsWhole(child))
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        RemoveOwned(value, (JsonObject)child!);
                    }
                }

                break;
            case JsonArray array:
                var doomed = new SortedSet<int>();
                foreach (var (key, child) in fieldSet)
                {
                    var index = FindElement(array, key);
                    if (index < 0)
                    {
                        continue;
                    }

                    if (OwnsWhole(child) || (child is JsonObject c && c.ContainsKey(".")))
                    {
                        doomed.Add(index);
                    }
                    else
                    {
                        RemoveOwned(array[index], (JsonObject)child!);
                    }
                }

                foreach (var index in doomed.Reverse())
                {
                    array.RemoveAt(index);
                }

                break;
        }
    }

    // An empty set under a key means the manager owns that value outright.
    private static bool OwnsWhole(JsonNode? child) => child is not JsonObject { Count: > 0 };

    private static int FindElement(JsonArray array, string key)
    {
        try
        {
            if (key.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(key[2..]) is JsonObject keyFields)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject element &&
                        keyFields.All(kv => JsonNode.DeepEquals(element[kv.Key], kv.Value) || ValueEquivalence.NumbersEqual(element[kv.Key], kv.Value)))
                    {
                        return i;
                    }
                }
            }
            else if (key.StartsWith("v:", StringComparison.Ordinal))
            {
                var value = JsonNode.Parse(key[2..]);
                for (var i = 0; i < array.Count; i++)
                {
                    if (JsonNode.DeepEquals(array[i], value))
                    {
                        return i;
                    }
                }
            }
            else if (key.StartsWith("i:", StringComparison.Ordinal) && int.TryParse(key.AsSpan(2), out var index) && index < array.Count)
            {
                return index;
            }
        }
        catch (JsonException)
        {
            // A malformed entry written by some other client owns nothing we can find.
        }

        return -1;
    }
}
