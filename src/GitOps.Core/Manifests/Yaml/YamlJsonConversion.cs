using System.Globalization;
using System.Text.Json.Nodes;

namespace GitOps.Manifests.Yaml;

/// <summary>How resolved scalars become JSON values and mapping keys, shared by the fast path and the complete parser.</summary>
internal static class YamlJsonConversion
{
    /// <summary>Whether the scalar has a JSON form (<c>.inf</c> and <c>.nan</c> have none).</summary>
    public static bool HasJsonForm(YamlScalar scalar) => scalar.Kind != YamlScalarKind.Float || double.IsFinite(scalar.Float);

    /// <summary>The JSON value of a scalar that <see cref="HasJsonForm"/>; <see langword="null"/> for a YAML null.</summary>
    public static JsonValue? ToJsonValue(YamlScalar scalar) => scalar.Kind switch
    {
        YamlScalarKind.Null => null,
        YamlScalarKind.String => JsonValue.Create(scalar.Text),
        YamlScalarKind.Boolean => JsonValue.Create(scalar.Bool),
        YamlScalarKind.Int64 => JsonValue.Create(scalar.Int),
        YamlScalarKind.UInt64 => JsonValue.Create(scalar.UInt),
        _ => JsonValue.Create(scalar.Float),
    };

    /// <summary>
    /// The string sigs.k8s.io/yaml makes of a mapping key (<c>on</c> → <c>"true"</c>, <c>1</c> → <c>"1"</c>), or
    /// <see langword="null"/> for the keys it refuses (null, and integers above <see cref="long.MaxValue"/>).
    /// </summary>
    public static string? KeyText(YamlScalar scalar) => scalar.Kind switch
    {
        YamlScalarKind.String => scalar.Text!,
        YamlScalarKind.Boolean => scalar.Bool ? "true" : "false",
        YamlScalarKind.Int64 => scalar.Int.ToString(CultureInfo.InvariantCulture),
        YamlScalarKind.Float => GoFloatKeyFormatter.Format(scalar.Float),
        _ => null,
    };
}
