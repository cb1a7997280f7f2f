using GitOps.Manifests;

namespace GitOps.Diff;

/// <summary>
/// Differences to ignore for the objects a rule matches (Argo CD's <c>ignoreDifferences</c>): fields named by JSON
/// pointers or path expressions, and fields owned by given field managers (such as an HPA's <c>spec.replicas</c>).
/// </summary>
public sealed class IgnoreDifferencesRule
{
    /// <summary>The API group to match; empty for the core group; <c>*</c> for any.</summary>
    public string Group { get; init; } = string.Empty;

    /// <summary>The kind to match; <c>*</c> for any.</summary>
    public string Kind { get; init; } = "*";

    /// <summary>The name to match; <see langword="null"/> or empty for any.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace to match; <see langword="null"/> or empty for any.</summary>
    public string? Namespace { get; init; }

    /// <summary>RFC 6901 pointers of fields to ignore, such as <c>/spec/replicas</c>.</summary>
    public IReadOnlyList<string> JsonPointers { get; init; } = [];

    /// <summary>Path expressions of fields to ignore; see <see cref="PathExpression"/>.</summary>
    public IReadOnlyList<string> PathExpressions { get; init; } = [];

    /// <summary>Field managers whose fields are ignored, such as <c>kube-controller-manager</c>.</summary>
    public IReadOnlyList<string> ManagedFieldsManagers { get; init; } = [];

    /// <summary>Whether the rule applies to an object.</summary>
    /// <param name="key">The object's identity.</param>
    public bool Matches(ResourceKey key) =>
        (Group == "*" || string.Equals(Group, key.Group, StringComparison.Ordinal)) &&
        (Kind == "*" || string.Equals(Kind, key.Kind, StringComparison.Ordinal)) &&
        (string.IsNullOrEmpty(Name) || string.Equals(Name, key.Name, StringComparison.Ordinal)) &&
        (string.IsNullOrEmpty(Namespace) || string.Equals(Namespace, key.Namespace, StringComparison.Ordinal));
}
