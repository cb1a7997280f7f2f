using GitOps.Manifests;

namespace GitOps.Health;

/// <summary>One resource of an application, as input to <see cref="ApplicationHealth.Aggregate"/>.</summary>
/// <param name="Key">The resource's identity.</param>
/// <param name="Live">The object in the cluster, or <see langword="null"/> when it is missing.</param>
/// <param name="IsHook">Whether the resource is a sync hook; hooks never count towards application health.</param>
/// <param name="IgnoreHealthCheck">
/// Whether to leave the resource's health out. The ignore-healthcheck annotations on <paramref name="Live"/>
/// (<see cref="HealthAnnotations.IgnoreHealthCheck"/>, <see cref="HealthAnnotations.ArgoIgnoreHealthCheck"/>) have the
/// same effect, so this is only needed to ignore a resource whose live object lacks them.
/// </param>
public sealed record ResourceHealthInput(ResourceKey Key, ManifestObject? Live, bool IsHook = false, bool IgnoreHealthCheck = false)
{
    /// <summary>An input for a live object, with <see cref="IsHook"/> read from its hook annotations.</summary>
    /// <param name="live">The object in the cluster.</param>
    public static ResourceHealthInput ForLive(ManifestObject live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return new(live.Key, live, HealthAnnotations.IsHook(live));
    }

    /// <summary>An input for a resource that should exist but does not.</summary>
    /// <param name="key">The resource's identity.</param>
    public static ResourceHealthInput ForMissing(ResourceKey key) => new(key, null);
}
