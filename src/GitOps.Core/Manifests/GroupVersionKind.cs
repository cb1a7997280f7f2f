namespace GitOps.Manifests;

/// <summary>A Kubernetes group, version and kind.</summary>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The API version within the group, such as <c>v1</c>.</param>
/// <param name="Kind">The kind.</param>
public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The <c>apiVersion</c> field value: <c>group/version</c>, or just <c>version</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Splits an <c>apiVersion</c> value into group and version.</summary>
    /// <param name="apiVersion">A value such as <c>apps/v1</c> or <c>v1</c>.</param>
    /// <param name="kind">The kind.</param>
    public static GroupVersionKind FromApiVersion(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new GroupVersionKind(string.Empty, apiVersion, kind)
            : new GroupVersionKind(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}
