using System.Text.Json.Nodes;

namespace GitOps.Manifests;

/// <summary>
/// A Kubernetes object of any kind, custom resources included, held unstructured as a JSON tree with typed
/// accessors for the fields every object has.
/// </summary>
/// <remarks>
/// The tree is mutable and owned by this instance; use <see cref="DeepClone"/> before handing a copy to code
/// that may change it.
/// </remarks>
public sealed class ManifestObject
{
    /// <summary>Wraps a JSON object. The object is used as it is, not copied.</summary>
    /// <param name="root">The object's JSON tree.</param>
    /// <param name="source">Where it was read from, if known.</param>
    public ManifestObject(JsonObject root, SourceLocation? source = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
        Source = source;
    }

    /// <summary>The object's JSON tree.</summary>
    public JsonObject Root { get; }

    /// <summary>Where the object was read from, if known.</summary>
    public SourceLocation? Source { get; }

    /// <summary>The <c>apiVersion</c> field, or an empty string.</summary>
    public string ApiVersion
    {
        get => GetString(Root, "apiVersion") ?? string.Empty;
        set => Root["apiVersion"] = value;
    }

    /// <summary>The <c>kind</c> field, or an empty string.</summary>
    public string Kind
    {
        get => GetString(Root, "kind") ?? string.Empty;
        set => Root["kind"] = value;
    }

    /// <summary>The API group taken from <see cref="ApiVersion"/>; empty for the core group.</summary>
    public string Group => GroupVersionKind.Group;

    /// <summary>The group, version and kind.</summary>
    public GroupVersionKind GroupVersionKind => GroupVersionKind.FromApiVersion(ApiVersion, Kind);

    /// <summary>The <c>metadata.name</c> field, or an empty string.</summary>
    public string Name
    {
        get => GetString(Metadata, "name") ?? string.Empty;
        set => EnsureMetadata()["name"] = value;
    }

    /// <summary>The <c>metadata.namespace</c> field, or an empty string.</summary>
    public string Namespace
    {
        get => GetString(Metadata, "namespace") ?? string.Empty;
        set
        {
            if (string.IsNullOrEmpty(value))
            {
                Metadata?.Remove("namespace");
            }
            else
            {
                EnsureMetadata()["namespace"] = value;
            }
        }
    }

    /// <summary>The <c>metadata</c> object, or <see langword="null"/> when absent.</summary>
    public JsonObject? Metadata => Root["metadata"] as JsonObject;

    /// <summary>The object's identity.</summary>
    public ResourceKey Key => new(Group, Kind, Namespace, Name);

    /// <summary>Reads a label, or <see langword="null"/> when absent.</summary>
    /// <param name="key">The label key.</param>
    public string? GetLabel(string key) => GetString(Metadata?["labels"] as JsonObject, key);

    /// <summary>Reads an annotation, or <see langword="null"/> when absent.</summary>
    /// <param name="key">The annotation key.</param>
    public string? GetAnnotation(string key) => GetString(Metadata?["annotations"] as JsonObject, key);

    /// <summary>Sets a label.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="value">The value.</param>
    public void SetLabel(string key, string value) => EnsureMap("labels")[key] = value;

    /// <summary>Sets an annotation.</summary>
    /// <param name="key">The annotation key.</param>
    /// <param name="value">The value.</param>
    public void SetAnnotation(string key, string value) => EnsureMap("annotations")[key] = value;

    /// <summary>The labels as a read-only map (empty when there are none or a value is not a string).</summary>
    public IReadOnlyDictionary<string, string> Labels => ReadStringMap("labels");

    /// <summary>The annotations as a read-only map (empty when there are none or a value is not a string).</summary>
    public IReadOnlyDictionary<string, string> Annotations => ReadStringMap("annotations");

    /// <summary>Makes an independent deep copy.</summary>
    public ManifestObject DeepClone() => new((JsonObject)Root.DeepClone(), Source);

    /// <summary>Formats the object as <c>Kind namespace/name</c> for messages.</summary>
    public override string ToString() =>
        Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    private JsonObject EnsureMetadata()
    {
        if (Root["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        Root["metadata"] = metadata;
        return metadata;
    }

    private JsonObject EnsureMap(string field)
    {
        var metadata = EnsureMetadata();
        if (metadata[field] is JsonObject map)
        {
            return map;
        }

        map = [];
        metadata[field] = map;
        return map;
    }

    private Dictionary<string, string> ReadStringMap(string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Metadata?[field] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue(out string? s))
                {
                    result[key] = s;
                }
            }
        }

        return result;
    }

    private static string? GetString(JsonObject? obj, string field) =>
        obj?[field] is JsonValue value && value.TryGetValue(out string? s) ? s : null;
}
