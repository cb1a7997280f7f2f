using GitOps.Applications;
using GitOps.Manifests;
using GitOps.Reconcile;
using GitOps.Rendering;

namespace GitOps.Renderers.Helm;

// Maps spec.source.helm of an application whose chart is in the repository to the Helm renderer's options.
// Charts from chart repositories (spec.source.chart) are not mapped yet.
internal sealed class HelmRendererOptionsMapper : IRendererOptionsMapper
{
    private static readonly ManifestReader ValuesReader = new(new ManifestReaderOptions { RequireObjectIdentity = false });

    public RendererOptions? Map(Application application, ApplicationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Helm is not { } helm || source.Chart is not null)
        {
            return null;
        }

        return new HelmRendererOptions
        {
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
