namespace GitOps.Renderers.Kustomize;

/// <summary>Which files a kustomization may load (kustomize's <c>--load-restrictor</c>).</summary>
public enum KustomizeLoadRestrictor
{
    /// <summary>Only files inside the kustomization's folder tree (kustomize's default).</summary>
    RootOnly,

    /// <summary>Any file of the repository copy; files outside the repository stay out of reach, since only the copy exists.</summary>
    None,
}
