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
}
