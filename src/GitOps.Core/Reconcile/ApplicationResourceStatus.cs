using GitOps.Comparison;
using GitOps.Health;
using GitOps.Manifests;

namespace GitOps.Reconcile;

/// <summary>The comparison result of one resource of an application.</summary>
/// <param name="Key">The resource.</param>
/// <param name="ApiVersion">Its API version.</param>
/// <param name="Status">Whether it matches the desired state.</param>
/// <param name="Health">Its health, when assessed.</param>
/// <param name="Message">A note from the comparison, if any.</param>
public sealed record ApplicationResourceStatus(ResourceKey Key, string ApiVersion, ResourceSyncStatus Status, HealthStatus? Health, string? Message);
