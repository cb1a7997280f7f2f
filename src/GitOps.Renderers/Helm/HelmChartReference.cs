namespace GitOps.Renderers.Helm;

/// <summary>A chart in a Helm chart repository, rendered instead of a chart folder of the source tree.</summary>
/// <param name="RepositoryUrl">An HTTP(S) chart repository (with an <c>index.yaml</c>) or an <c>oci://</c> registry path.</param>
/// <param name="Chart">The chart's name.</param>
/// <param name="Version">The chart version or a semver range; empty for the latest.</param>
public sealed record HelmChartReference(string RepositoryUrl, string Chart, string Version = "")
{
    /// <summary>
    /// Reach an <c>oci://</c> registry over plain HTTP instead of HTTPS (helm's <c>--plain-http</c>): for a registry on
    /// a trusted local network or in tests, never across the Internet.
    /// </summary>
    public bool PlainHttp { get; init; }
}
