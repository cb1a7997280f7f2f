using GitOps.Applications;
using GitOps.Manifests;
using GitOps.Reconcile;
using GitOps.Rendering;

namespace GitOps.Renderers.Helm;

// Maps spec.source.helm to the Helm renderer's options, for a chart folder of the repository or, with spec.source.chart,
// a chart of the Helm chart repository at repoURL in the version (or semver range) targetRevision.
internal sealed class HelmRendererOptionsMapper : IRendererOptionsMapper
{
    private static readonly ManifestReader ValuesReader = new(new ManifestReaderOptions { RequireObjectIdentity = false });

    public RendererOptions? Map(Application application, ApplicationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Chart is null && source.Helm is null)
        {
            return null;
        }

        var helm = source.Helm ?? new HelmSourceOptions();
        return new HelmRendererOptions
        {
            Chart = source.Chart is { } chart ? new HelmChartReference(source.RepoUrl, chart, ChartVersion(source.TargetRevision)) : null,
            ReleaseName = helm.ReleaseName,
            Namespace = helm.Namespace,
            ValueFiles = [.. helm.ValueFiles],
            IgnoreMissingValueFiles = helm.IgnoreMissingValueFiles,
            Values = Values(helm.EffectiveValues),
            Parameters =
            [
                .. helm.Parameters.Select(p => new HelmParameter(p.Name, p.Value, p.ForceString ? HelmParameterKind.ForceString : HelmParameterKind.Value)),
                .. helm.FileParameters.Select(p => new HelmParameter(p.Name, p.Path, HelmParameterKind.File)),
            ],
            KubeVersion = helm.KubeVersion,
            ApiVersions = helm.ApiVersions.Count == 0 ? null : [.. helm.ApiVersions],
            IncludeCrds = !helm.SkipCrds,
            SkipTests = helm.SkipTests,
            SkipSchemaValidation = helm.SkipSchemaValidation,
        };
    }

    // Argo CD's defaults for a chart's targetRevision mean its latest version, which helm pulls when given none.
    private static string ChartVersion(string targetRevision) =>
        targetRevision.Trim() is "" or "HEAD" or "*" ? string.Empty : targetRevision.Trim();

    private static System.Text.Json.Nodes.JsonObject? Values(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Nested under one key, so that a top-level "items" key is not taken for a Kubernetes List and flattened.
        var wrapped = "values:\n" + string.Join('\n', text.Split('\n').Select(line => "  " + line));
        try
        {
            var read = ValuesReader.Read(wrapped, "spec.source.helm.values");
            return (read.Count == 0 ? null : read[0].Root["values"]) switch
            {
                System.Text.Json.Nodes.JsonObject values => (System.Text.Json.Nodes.JsonObject)values.DeepClone(),
                null => null,
                _ => throw new RenderException("spec.source.helm.values is not a YAML mapping."),
            };
        }
        catch (ManifestFormatException e)
        {
            throw new RenderException($"spec.source.helm.values is not a YAML mapping: {e.Message}", e);
        }
    }
}
