namespace GitOps.Health;

/// <summary>
/// The health of a Kubernetes object or of an application. Members are declared from best to worst, the
/// order Argo CD uses to pick the worst health (<c>IsWorse</c>), so comparing the numeric values ranks them.
/// </summary>
public enum HealthStatusCode
{
    /// <summary>The object is fully healthy.</summary>
    Healthy = 0,

    /// <summary>The object is suspended or paused on purpose, such as a suspended Job or a paused Deployment.</summary>
    Suspended = 1,

    /// <summary>The object is not healthy yet but may still become healthy, such as a Deployment mid-rollout.</summary>
    Progressing = 2,

    /// <summary>The object does not exist in the cluster.</summary>
    Missing = 3,

    /// <summary>The object failed or cannot reach a healthy state without intervention.</summary>
    Degraded = 4,

    /// <summary>The health could not be assessed, for example because a health check failed.</summary>
    Unknown = 5,
}
