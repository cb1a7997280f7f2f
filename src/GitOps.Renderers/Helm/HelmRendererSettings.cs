namespace GitOps.Renderers.Helm;

/// <summary>Service-wide settings of the Helm renderer.</summary>
public sealed class HelmRendererSettings
{
    /// <summary>
    /// Whether chart dependencies missing from <c>charts/</c> may be downloaded from the repositories Chart.yaml
    /// names (<c>helm dependency build</c>). Default <see langword="false"/>: only vendored dependencies and
    /// <c>file://</c> ones inside the repository are used, and a missing one is an error naming it.
    /// </summary>
    public bool AllowDependencyDownload { get; set; }
}
