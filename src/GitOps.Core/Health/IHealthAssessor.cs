using GitOps.Manifests;

namespace GitOps.Health;

/// <summary>Assesses the health of live Kubernetes objects.</summary>
public interface IHealthAssessor
{
    /// <summary>
    /// Assesses one live object: an object being deleted is Progressing; otherwise a custom check registered for
    /// its group and kind, then the built-in check, then the generic status conventions decide.
    /// </summary>
    /// <param name="live">The object as it is in the cluster.</param>
    /// <returns>
    /// The health, or <see langword="null"/> when health does not apply to the object (a ConfigMap, a Secret, or any
    /// object without status). A failing check gives <see cref="HealthStatusCode.Unknown"/> with the error message.
    /// </returns>
    HealthStatus? Assess(ManifestObject live);
}
