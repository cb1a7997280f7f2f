namespace GitOps.Testing.Diagnostics;

/// <summary>One request the emulator served.</summary>
/// <param name="Verb">The Kubernetes verb (<c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>, <c>deletecollection</c>), or the lowercase HTTP method for non-resource paths.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The URL path (without the query).</param>
/// <param name="Group">The API group; empty for the core group and for non-resource paths.</param>
/// <param name="Version">The API version, or empty.</param>
/// <param name="Resource">The resource (plural), or empty for non-resource paths.</param>
/// <param name="Subresource">The subresource, such as <c>status</c>, or null.</param>
/// <param name="Namespace">The namespace, or null.</param>
/// <param name="Name">The object name, or null.</param>
/// <param name="StatusCode">The HTTP status code answered.</param>
/// <param name="UserAgent">The client's User-Agent header, or null.</param>
public sealed record ApiRequest(
    string Verb,
    string Method,
    string Path,
    string Group,
    string Version,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    int StatusCode,
    string? UserAgent)
{
    /// <summary>Whether this was a call on a resource (rather than discovery, OpenAPI or version).</summary>
    public bool IsResourceRequest => Resource.Length > 0;
}
