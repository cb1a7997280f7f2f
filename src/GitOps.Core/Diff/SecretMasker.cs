using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Diff;

/// <summary>
/// Replaces the values of a Secret's <c>data</c> with masks before anything is shown: the same value gets the same
/// mask on both sides, different values get different masks, so a diff still says which keys changed.
/// </summary>
internal static class SecretMasker
{
    public static bool IsSecret(ResourceKey key) => key.Group.Length == 0 && key.Kind == "Secret";

    /// <summary>Masks the data of the given copies of one Secret in place; null sides are skipped.</summary>
    public static void Mask(params JsonObject?[] sides)
    {
        var masks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var side in sides)
        {
            if (side?["data"] is not JsonObject data)
            {
                continue;
            }

            foreach (var name in data.Select(kv => kv.Key).ToList())
            {
                var value = data[name]?.ToJsonString() ?? "null";
                if (!masks.TryGetValue(value, out var mask))
                {
                    mask = new string('+', 8 + masks.Count);
                    masks[value] = mask;
                }

                data[name] = mask;
            }
        }
    }
}
