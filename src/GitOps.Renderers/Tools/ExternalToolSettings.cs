using System.ComponentModel.DataAnnotations;

namespace GitOps.Renderers.Tools;

/// <summary>
/// Service-wide settings of the external programs (helm, kubectl, kustomize, jsonnet): where they are, how long one
/// call may take and how many may run at once.
/// </summary>
public sealed class ExternalToolSettings
{
    /// <summary>The helm executable; when <see langword="null"/>, <c>helm</c> is looked up in <see cref="SearchDirectories"/>, then PATH.</summary>
    public string? HelmPath { get; set; }

    /// <summary>The kubectl executable; when <see langword="null"/>, looked up like <see cref="HelmPath"/>.</summary>
    public string? KubectlPath { get; set; }

    /// <summary>
    /// A standalone kustomize executable. When set, kustomizations are built with <c>kustomize build</c>; otherwise
    /// with <c>kubectl kustomize</c>.
    /// </summary>
    public string? KustomizePath { get; set; }

    /// <summary>The jsonnet executable; when <see langword="null"/>, looked up like <see cref="HelmPath"/>.</summary>
    public string? JsonnetPath { get; set; }

    /// <summary>Folders searched for the programs before PATH.</summary>
    public IList<string> SearchDirectories { get; } = [];

    /// <summary>How long one program call may run before its whole process tree is ended. Default 90 seconds, as Argo CD.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How many program calls may run at once across all renderers. Default: the processor count.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// How many unused copies of source trees are kept on disk for the next render of the same commit (renders share
    /// one read-only copy per commit). Default 4.
    /// </summary>
    [Range(0, 256)]
    public int MaxIdleSharedCopies { get; set; } = 4;
}
