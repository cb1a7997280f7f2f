using GitOps.Manifests;

namespace GitOps.Cluster;

/// <summary>A resource type the API server serves, as discovery reports it.</summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The version.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The plural resource name used in URLs, such as <c>deployments</c>.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="Verbs">The verbs it supports, such as <c>list</c> and <c>watch</c>.</param>
public sealed record ApiResource(string Group, string Version, string Kind, string Name, bool Namespaced, IReadOnlyList<string> Verbs)
{
    /// <summary>The group, version and kind.</summary>
    public GroupVersionKind GroupVersionKind => new(Group, Version, Kind);

    /// <summary>The <c>apiVersion</c> value.</summary>
    public string ApiVersion => GroupVersionKind.ApiVersion;

    /// <summary>Whether the verb is supported.</summary>
    /// <param name="verb">A verb such as <c>watch</c>.</param>
    public bool Supports(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);

    /// <summary>The URL path of the collection, in a namespace when the resource is namespaced.</summary>
    /// <param name="namespace">The namespace; ignored for cluster-scoped resources; empty for all namespaces.</param>
    public string CollectionPath(string? @namespace)
    {
        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(@namespace)
            ? $"{prefix}/namespaces/{Uri.EscapeDataString(@namespace)}/{Name}"
            : $"{prefix}/{Name}";
    }

    /// <summary>The URL path of one object.</summary>
    /// <param name="namespace">The namespace of a namespaced object.</param>
    /// <param name="name">The object's name.</param>
    public string ObjectPath(string? @namespace, string name) => $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
}
