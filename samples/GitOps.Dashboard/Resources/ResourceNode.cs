using GitOps.Comparison;
using GitOps.Health;
using GitOps.Manifests;

namespace GitOps.Dashboard.Resources;

/// <summary>One object of an application's resource tree: a managed resource (with its sync status) or an object it owns.</summary>
/// <param name="Key">The object.</param>
/// <param name="Health">Its health, when it has one.</param>
/// <param name="Sync">Its sync status when the application manages it; null for owned objects.</param>
/// <param name="Exists">Whether it exists in the cluster.</param>
/// <param name="Children">The objects whose owner references name it, sorted by kind and name.</param>
internal sealed record ResourceNode(ResourceKey Key, HealthStatus? Health, ResourceSyncStatus? Sync, bool Exists, IReadOnlyList<ResourceNode> Children);
