using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Diff;

/// <summary>
/// Whether two scalar values mean the same to Kubernetes although spelled differently: <c>1</c> and <c>1.0</c>
/// anywhere, and equal quantities (<c>1000m</c> and <c>1</c>, <c>512Mi</c> and <c>0.5Gi</c>) in the fields that hold
/// resource quantities.
/// </summary>
internal static class ValueEquivalence
{
    // The maps whose values are quantities (container resources, PVC requests, quotas, limit ranges, node capacity).
    private static readonly HashSet<string> QuantityMaps = new(StringComparer.Ordinal)
    {
        "limits", "requests", "capacity", "allocatable", "hard", "used", "overhead",
        "default", "defaultRequest", "max", "min", "maxLimitRequestRatio",
    };

    // Single fields that hold a quantity.
    private static readonly HashSet<string> QuantityFields = new(StringComparer.Ordinal)
    {
        "sizeLimit", "averageValue", "storage",
    };

    public static bool Equivalent(JsonNode? live, JsonNode? desired, string field, string parentField)
    {
        if (JsonNode.DeepEquals(live, desired) || NumbersEqual(live, desired))
        {
            return true;
        }

        return (QuantityMaps.Contains(parentField) || QuantityFields.Contains(field))
            && TryQuantity(live, out var a) && TryQuantity(desired, out var b) && a == b;
    }

    public static bool NumbersEqual(JsonNode? a, JsonNode? b) =>
        a is JsonValue x && b is JsonValue y &&
        x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number &&
        TryDecimal(x, out var dx) && TryDecimal(y, out var dy) && dx == dy;

    private static bool TryDecimal(JsonValue value, out decimal result)
    {
        if (value.TryGetValue(out long l))
        {
            result = l;
            return true;
        }

        if (value.TryGetValue(out decimal d))
        {
            result = d;
            return true;
        }

        if (value.TryGetValue(out double f) && double.IsFinite(f) && Math.Abs(f) < 7.9e27)
        {
            result = (decimal)f;
            return true;
        }

        result = 0;
        return false;
    }

    private static bool TryQuantity(JsonNode? node, out Quantity quantity)
    {
        quantity = default;
        if (node is not JsonValue value)
        {
            return false;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => Quantity.TryParse(value.GetValue<string>(), out quantity),
            JsonValueKind.Number => Quantity.TryParse(value.ToJsonString(), out quantity),
            _ => false,
        };
    }
}
