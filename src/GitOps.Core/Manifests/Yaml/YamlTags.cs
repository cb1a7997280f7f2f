namespace GitOps.Manifests.Yaml;

/// <summary>The YAML 1.1 core tags that go-yaml v2 knows, in their expanded form.</summary>
internal static class YamlTags
{
    public const string Prefix = "tag:yaml.org,2002:";
    public const string Str = Prefix + "str";
    public const string Int = Prefix + "int";
    public const string Float = Prefix + "float";
    public const string Bool = Prefix + "bool";
    public const string Null = Prefix + "null";
    public const string Timestamp = Prefix + "timestamp";
    public const string Binary = Prefix + "binary";
    public const string Merge = Prefix + "merge";
    public const string Map = Prefix + "map";
    public const string Seq = Prefix + "seq";

    /// <summary>Whether go-yaml v2 gives the tag a meaning on a scalar (the non-specific <c>!</c> included).</summary>
    public static bool IsScalarTag(string tag) =>
        tag is Str or Int or Float or Bool or Null or Timestamp or Binary or Merge or "!";

    /// <summary>Shortens a core tag to the <c>!!name</c> form used in messages.</summary>
    public static string Short(string tag) =>
        tag.StartsWith(Prefix, StringComparison.Ordinal) ? "!!" + tag[Prefix.Length..] : tag;
}
