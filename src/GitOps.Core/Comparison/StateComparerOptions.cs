using System.ComponentModel.DataAnnotations;

namespace GitOps.Comparison;

/// <summary>Settings of the state comparer.</summary>
public sealed class StateComparerOptions
{
    /// <summary>How many API requests (lists, server-side dry runs) one comparison makes at once. Default 8.</summary>
    [Range(1, 256)]
    public int MaxConcurrentRequests { get; set; } = 8;

    /// <summary>
    /// The most bytes of server-side dry-run results kept, so that comparing an unchanged object with an unchanged
    /// live object (same resourceVersion) makes no request; 0 turns the cache off. Default 32 MiB.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long DryRunCacheBytes { get; set; } = 32L * 1024 * 1024;
}
