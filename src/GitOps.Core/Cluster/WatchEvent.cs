using GitOps.Manifests;

namespace GitOps.Cluster;

/// <summary>One event of a watch.</summary>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c> or <c>ERROR</c>.</param>
/// <param name="Manifest">The object (a Status for ERROR).</param>
public sealed record WatchEvent(string Type, ManifestObject Manifest);
