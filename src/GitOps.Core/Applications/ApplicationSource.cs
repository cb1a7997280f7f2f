namespace GitOps.Applications;

/// <summary>
/// Where manifests come from: a Git repository path or a Helm chart, with the options of the tool that renders it.
/// </summary>
/// <remarks>
/// The tool options are kept as neutral data: GitOps.Core does not reference the renderers, so turning them into a
/// renderer's own options is the job of the layer that runs the reconcile loop.
/// </remarks>
public sealed record ApplicationSource
{
    /// <summary>The repository URL (<c>repoURL</c>): a Git URL, or a Helm repository for <see cref="Chart"/>.</summary>
    public required string RepoUrl { get; init; }

    /// <summary>The branch, tag, commit, or chart version (<c>targetRevision</c>); <c>HEAD</c> when not given.</summary>
    public string TargetRevision { get; init; } = "HEAD";

    /// <summary>The folder in the repository (<c>path</c>); empty for none (a chart, or a ref-only source).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>A Helm chart name in a Helm repository (<c>chart</c>), or <see langword="null"/>.</summary>
    public string? Chart { get; init; }

    /// <summary>
    /// A name other sources use to read files of this one (<c>ref</c>), as <c>$name/path</c> in Helm value files;
    /// <see langword="null"/> when not given.
    /// </summary>
    public string? Ref { get; init; }

    /// <summary>A display name for the source (<c>name</c>), or <see langword="null"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Helm options, or <see langword="null"/>.</summary>
    public HelmSourceOptions? Helm { get; init; }

    /// <summary>Kustomize options, or <see langword="null"/>.</summary>
    public KustomizeSourceOptions? Kustomize { get; init; }

    /// <summary>Plain-directory and Jsonnet options, or <see langword="null"/>.</summary>
    public DirectorySourceOptions? Directory { get; init; }

    /// <summary>
    /// Whether the source only lends files to other sources: it has a <see cref="Ref"/> and neither a path nor a chart.
    /// </summary>
    public bool IsRefOnly => Ref is not null && Path.Length == 0 && Chart is null;
}
