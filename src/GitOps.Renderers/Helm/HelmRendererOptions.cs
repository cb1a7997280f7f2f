using System.Text.Json.Nodes;
using GitOps.Rendering;

namespace GitOps.Renderers.Helm;

/// <summary>Options of a Helm application (Argo CD's <c>source.helm</c>). Plain data: the render cache keys on them.</summary>
public sealed class HelmRendererOptions : RendererOptions
{
    /// <inheritdoc />
    public override string RendererName => RendererNames.Helm;

    /// <summary>A chart from a chart repository; when <see langword="null"/>, the chart is the application folder.</summary>
    public HelmChartReference? Chart { get; init; }

    /// <summary>The release name; default: the application's name.</summary>
    public string? ReleaseName { get; init; }

    /// <summary>The release namespace; default: the destination namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// Value files relative to the chart folder, in order (later ones win). An entry with <c>*</c>, <c>?</c> or
    /// <c>[</c> is a glob expanded in ordinal order, as Argo CD does: <c>*</c> stays within a folder, <c>**</c> spans
    /// folders, and a file also listed explicitly keeps its explicit position. Paths may not leave the repository.
    /// </summary>
    public IList<string> ValueFiles { get; init; } = [];

    /// <summary>Whether a value file that does not exist (or a glob matching nothing) is skipped with a warning.</summary>
    public bool IgnoreMissingValueFiles { get; init; }

    /// <summary>Inline values, applied after the value files.</summary>
    public JsonObject? Values { get; init; }

    /// <summary>Values set by name, applied last.</summary>
    public IList<HelmParameter> Parameters { get; init; } = [];

    /// <summary>The Kubernetes version templates see (<c>.Capabilities.KubeVersion</c>); default: the render context's.</summary>
    public string? KubeVersion { get; init; }

    /// <summary>The API versions templates see (<c>.Capabilities.APIVersions</c>); default: the render context's.</summary>
    public IList<string>? ApiVersions { get; init; }

    /// <summary>Whether the chart's <c>crds/</c> files are rendered. Default <see langword="true"/>.</summary>
    public bool IncludeCrds { get; init; } = true;

    /// <summary>Whether test hooks (<c>helm.sh/hook: test</c>) are left out.</summary>
    public bool SkipTests { get; init; }

    /// <summary>Whether <c>values.schema.json</c> validation is skipped.</summary>
    public bool SkipSchemaValidation { get; init; }
}
