namespace GitOps.Sources;

/// <summary>
/// Resolves the version of a chart in a Helm chart repository that a version range (or "latest") means now, as Argo
/// CD does from the repository's index, so that the reconciler knows the revision before rendering.
/// </summary>
public interface IChartVersionResolver
{
    /// <summary>The highest version of the chart the range allows.</summary>
    /// <param name="repositoryUrl">The chart repository (<c>spec.source.repoURL</c>).</param>
    /// <param name="chart">The chart's name.</param>
    /// <param name="versionRange">A semver range; empty, <c>HEAD</c> or <c>*</c> for the latest release.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The exact version, or null when this resolver cannot look into such a repository (the renderer then resolves the range itself).</returns>
    /// <exception cref="Rendering.RenderException">The repository has no such chart or no version in the range; the message names them.</exception>
    ValueTask<string?> ResolveAsync(string repositoryUrl, string chart, string versionRange, CancellationToken cancellationToken = default);
}
