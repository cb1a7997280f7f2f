using System.ComponentModel.DataAnnotations;

namespace GitOps.Comparison;

/// <summary>Settings of the state comparer.</summary>
public sealed class StateComparerOptions
{
    /// <summary>How many API requests (lists, server-side dry runs) one comparison makes at once. Default 8.</summary>
    [Range(1, 256)]
    public int MaxConcurrentRequests { get; set; } = 8;
}
