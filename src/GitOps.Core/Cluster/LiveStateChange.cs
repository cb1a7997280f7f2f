using GitOps.Manifests;

namespace GitOps.Cluster;

/// <summary>A change the live-state cache saw.</summary>
/// <param name="Key">The object's identity.</param>
/// <param name="Current">The object now; <see langword="null"/> when it was deleted.</param>
public sealed record LiveStateChange(ResourceKey Key, ManifestObject? Current);
