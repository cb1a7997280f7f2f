namespace GitOps.Manifests.Yaml;

/// <summary>The type a YAML scalar resolves to under go-yaml v2's YAML 1.1 rules.</summary>
internal enum YamlScalarKind
{
    /// <summary>A string.</summary>
    String,

    /// <summary>Null (<c>~</c>, <c>null</c>, empty...).</summary>
    Null,

    /// <summary>A boolean (<c>yes</c>, <c>on</c>, <c>true</c>...).</summary>
    Boolean,

    /// <summary>A signed 64-bit integer.</summary>
    Int64,

    /// <summary>An unsigned 64-bit integer too large for <see cref="long"/>, as go-yaml v2 produces.</summary>
    UInt64,

    /// <summary>A 64-bit float, including infinities and NaN.</summary>
    Float,
}
