namespace GitOps.Manifests.Yaml;

/// <summary>A resolved YAML scalar: the kind and the value of that kind.</summary>
internal readonly record struct YamlScalar(YamlScalarKind Kind, string? Text = null, long Int = 0, ulong UInt = 0, double Float = 0, bool Bool = false)
{
    public static YamlScalar Null { get; } = new(YamlScalarKind.Null);

    public static YamlScalar True { get; } = new(YamlScalarKind.Boolean, Bool: true);

    public static YamlScalar False { get; } = new(YamlScalarKind.Boolean, Bool: false);

    public static YamlScalar FromString(string text) => new(YamlScalarKind.String, text);

    public static YamlScalar FromInt(long value) => new(YamlScalarKind.Int64, Int: value);

    public static YamlScalar FromUInt(ulong value) => new(YamlScalarKind.UInt64, UInt: value);

    public static YamlScalar FromFloat(double value) => new(YamlScalarKind.Float, Float: value);

    /// <summary>The go-yaml short tag of the kind, for messages.</summary>
    public string ShortTag => Kind switch
    {
        YamlScalarKind.Null => "!!null",
        YamlScalarKind.Boolean => "!!bool",
        YamlScalarKind.Int64 or YamlScalarKind.UInt64 => "!!int",
        YamlScalarKind.Float => "!!float",
        _ => "!!str",
    };
}
