using System.ComponentModel.DataAnnotations;

namespace GitOps.Sources.Git;

/// <summary>Settings of the Git repository cache.</summary>
public sealed class GitSourceOptions
{
    /// <summary>
    /// The folder holding one bare repository per normalized URL, and materialized revisions. Must be an absolute
    /// path. Default: <c>gitops-git-cache</c> under the temporary folder. Only one process should use a folder.
    /// </summary>
    [Required]
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "gitops-git-cache");

    /// <summary>
    /// How many opened repository handles to keep per repository for readers; more readers than this still work,
    /// opening extra handles that are closed after use. Default 8.
    /// </summary>
    [Range(1, 1024)]
    public int MaxPooledHandlesPerRepository { get; set; } = 8;
}
