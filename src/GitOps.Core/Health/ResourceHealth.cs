using GitOps.Manifests;

namespace GitOps.Health;

/// <summary>The health of one resource as seen by <see cref="ApplicationHealth.Aggregate"/>.</summary>
/// <param name="Key">The resource's identity.</param>
/// <param name="Health">
/// The resource's health: Missing when it has no live object, <see langword="null"/> when health does not apply to it
/// or it was skipped (a hook, or ignored by annotation).
/// </param>
/// <param name="Counted">Whether this health took part in the application's health.</param>
public sealed record ResourceHealth(ResourceKey Key, HealthStatus? Health, bool Counted);
