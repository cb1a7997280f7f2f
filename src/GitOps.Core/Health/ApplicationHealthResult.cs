namespace GitOps.Health;

/// <summary>The health of an application and of each of its resources.</summary>
/// <param name="Health">
/// The application's health; its message names up to three resources that caused it (as Argo CD does), or is empty
/// when the application is Healthy.
/// </param>
/// <param name="Resources">Each input resource's health, in input order.</param>
/// <param name="Causes">Every counted resource whose health equals a non-Healthy application health.</param>
public sealed record ApplicationHealthResult(
    HealthStatus Health,
    IReadOnlyList<ResourceHealth> Resources,
    IReadOnlyList<ResourceHealth> Causes);
