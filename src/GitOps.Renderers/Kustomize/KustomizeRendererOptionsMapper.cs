using GitOps.Applications;
using GitOps.Reconcile;
using GitOps.Rendering;

namespace GitOps.Renderers.Kustomize;

// Maps spec.source.kustomize to the Kustomize renderer's Argo CD-style overrides.
internal sealed class KustomizeRendererOptionsMapper : IRendererOptionsMapper
{
    public RendererOptions? Map(Application application, ApplicationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Kustomize is not { } kustomize)
        {
            return null;
        }

        return new KustomizeRendererOptions
        {
            NamePrefix = kustomize.NamePrefix,
            NameSuffix = kustomize.NameSuffix,
            Namespace = kustomize.Namespace,
            Images = [.. kustomize.Images],
            Replicas = [.. kustomize.Replicas.Select(r => new KustomizeReplica(r.Name, r.Count))],
            CommonLabels = new SortedDictionary<string, string>(kustomize.CommonLabels.ToDictionary(), StringComparer.Ordinal),
            CommonAnnotations = new SortedDictionary<string, string>(kustomize.CommonAnnotations.ToDictionary(), StringComparer.Ordinal),
            Components = [.. kustomize.Components],
            Patches = [.. kustomize.Patches.Select(p => new KustomizePatch
            {
                Patch = p.Patch,
                Path = p.Path,
                Target = p.Target is not { } t ? null : new KustomizePatchTarget
                {
                    Group = t.Group, Version = t.Version, Kind = t.Kind, Name = t.Name, Namespace = t.Namespace,
                    LabelSelector = t.LabelSelector, AnnotationSelector = t.AnnotationSelector,
                },
            })],
        };
    }
}
