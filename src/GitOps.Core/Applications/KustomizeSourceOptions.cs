namespace GitOps.Applications;

/// <summary>Kustomize options of a source (Argo CD's <c>source.kustomize</c>).</summary>
public sealed record KustomizeSourceOptions
{
    /// <summary>A prefix for every resource name.</summary>
    public string? NamePrefix { get; init; }

    /// <summary>A suffix for every resource name.</summary>
    public string? NameSuffix { get; init; }

    /// <summary>The namespace set on every namespaced resource.</summary>
    public string? Namespace { get; init; }

    /// <summary>Image overrides, as <c>kustomize edit set image</c> takes them (<c>name=new:tag</c>, <c>name:tag</c>, <c>name@digest</c>).</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Replica-count overrides.</summary>
    public IReadOnlyList<KustomizeReplica> Replicas { get; init; } = [];

    /// <summary>Labels added to every resource (and selectors unless <see cref="LabelWithoutSelector"/>).</summary>
    public IReadOnlyDictionary<string, string> CommonLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations added to every resource.</summary>
    public IReadOnlyDictionary<string, string> CommonAnnotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Expand <c>${VAR}</c> in common annotations with the build environment.</summary>
    public bool CommonAnnotationsEnvsubst { get; init; }

    /// <summary>Overwrite existing values of common labels.</summary>
    public bool ForceCommonLabels { get; init; }

    /// <summary>Overwrite existing values of common annotations.</summary>
    public bool ForceCommonAnnotations { get; init; }

    /// <summary>Add common labels to resources only, not to selectors.</summary>
    public bool LabelWithoutSelector { get; init; }

    /// <summary>Kustomize components to include.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>Skip listed components that do not exist.</summary>
    public bool IgnoreMissingComponents { get; init; }

    /// <summary>Patches applied after the build.</summary>
    public IReadOnlyList<KustomizePatch> Patches { get; init; } = [];

    /// <summary>The Kustomize version asked for (<c>version</c>), or <see langword="null"/>.</summary>
    public string? Version { get; init; }

    /// <summary>The Kubernetes version for Helm charts inflated by Kustomize, or <see langword="null"/>.</summary>
    public string? KubeVersion { get; init; }

    /// <summary>API versions for Helm charts inflated by Kustomize.</summary>
    public IReadOnlyList<string> ApiVersions { get; init; } = [];
}
