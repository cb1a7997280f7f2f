using System.ComponentModel.DataAnnotations;

namespace GitOps.Renderers.Directory;

/// <summary>Service-wide limits of the directory renderer.</summary>
public sealed class DirectoryRendererSettings
{
    /// <summary>
    /// The most bytes of YAML and JSON one application may read (Jsonnet files are not counted); 0 means no limit.
    /// Default 10 MiB, as Argo CD's repo server.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MaxTotalBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>
    /// How many bytes of YAML and JSON source may have their parsed objects kept for reuse, least recently used
    /// evicted first; 0 turns the reuse off. Only files whose tree gives a content id (<see cref="GitOps.Sources.ISourceTree.GetContentId"/>,
    /// Git's blob SHA) are kept, keyed by origin, content id and path, so a file unchanged between two revisions is
    /// parsed once. The objects take several times the memory of their source. Default 8 MiB.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ParsedCacheBytes { get; set; } = 8L * 1024 * 1024;
}
