using GitOps.Rendering;

namespace GitOps.Renderers.Kustomize;

/// <summary>
/// Options of a kustomization (Argo CD's <c>source.kustomize</c>). Overrides are written into a copy of the
/// kustomization, never into the source. Plain data: the render cache keys on them.
/// </summary>
public sealed class KustomizeRendererOptions : RendererOptions
{
    /// <inheritdoc />
    public override string RendererName => RendererNames.Kustomize;

    /// <summary>Replaces the kustomization's <c>namePrefix</c>.</summary>
    public string? NamePrefix { get; init; }

    /// <summary>Replaces the kustomization's <c>nameSuffix</c>.</summary>
    public string? NameSuffix { get; init; }

    /// <summary>Replaces the kustomization's <c>namespace</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// Image overrides as Argo CD writes them: <c>[name=]newName[:tag|@digest]</c>, such as <c>nginx:1.27</c> or
    /// <c>nginx=registry.local/nginx@sha256:…</c>. An entry for an image already listed replaces it.
    /// </summary>
    public IList<string> Images { get; init; } = [];

    /// <summary>Replica overrides; an entry for a name already listed replaces it.</summary>
    public IList<KustomizeReplica> Replicas { get; init; } = [];

    /// <summary>Labels added to every object (and selectors), merged into <c>commonLabels</c>.</summary>
    public IDictionary<string, string> CommonLabels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Annotations added to every object, merged into <c>commonAnnotations</c>.</summary>
    public IDictionary<string, string> CommonAnnotations { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Components added, as paths relative to the application folder; they may not leave the repository.</summary>
    public IList<string> Components { get; init; } = [];

    /// <summary>Patches added after the kustomization's own.</summary>
    public IList<KustomizePatch> Patches { get; init; } = [];

    /// <summary>Whether <c>helmCharts</c> are inflated (<c>--enable-helm</c>); helm runs from the configured path.</summary>
    public bool EnableHelm { get; init; }

    /// <summary>Which files the kustomization may load.</summary>
    public KustomizeLoadRestrictor LoadRestrictor { get; init; }
}
