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

    /// <summary>
    /// The most bytes of file contents (Git blobs) kept in memory across all repositories of the cache, least recently
    /// used evicted first; 0 turns the cache off. Revisions of one repository share most of their files, so renders of
    /// neighbouring commits read each shared blob once instead of once per commit. Contents are keyed by repository
    /// and blob SHA, so they never go stale and one repository never sees another's. Default 64 MiB.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long BlobCacheBytes { get; set; } = 64L * 1024 * 1024;
}
