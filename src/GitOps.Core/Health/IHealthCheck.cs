using GitOps.Manifests;

namespace GitOps.Health;

/// <summary>
/// Assesses the health of live objects of one or more kinds. Register a custom check per group and kind with
/// <c>AddHealthCheck</c>; a custom check takes precedence over the built-in check for the same kind.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe and should not change the object. An exception thrown by a check is turned
/// into <see cref="HealthStatusCode.Unknown"/> with the exception's message by <see cref="IHealthAssessor"/>.
/// </remarks>
public interface IHealthCheck
{
    /// <summary>Assesses the health of a live object.</summary>
    /// <param name="live">The object as it is in the cluster.</param>
    /// <returns>
    /// The health, or <see langword="null"/> when this check has no opinion; the assessor then falls back to the
    /// built-in check for the kind, and then to the generic status conventions.
    /// </returns>
    HealthStatus? Assess(ManifestObject live);
}
