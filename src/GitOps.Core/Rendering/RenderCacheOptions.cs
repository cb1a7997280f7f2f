using System.ComponentModel.DataAnnotations;

namespace GitOps.Rendering;

/// <summary>Settings of the render cache, which keeps rendered results of Git revisions by commit SHA.</summary>
public sealed class RenderCacheOptions
{
    /// <summary>How many rendered results to keep; 0 turns the cache off. Default 512.</summary>
    [Range(0, 1_000_000)]
    public int Capacity { get; set; } = 512;
}
