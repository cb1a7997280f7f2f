using GitOps.Manifests;

namespace GitOps.Cluster;

/// <summary>The objects of a list, and the resource version to start a watch from.</summary>
/// <param name="Items">The objects, with apiVersion and kind set.</param>
/// <param name="ResourceVersion">The list's resource version.</param>
public sealed record ResourceList(IReadOnlyList<ManifestObject> Items, string ResourceVersion);
