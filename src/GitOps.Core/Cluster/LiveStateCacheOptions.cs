using System.ComponentModel.DataAnnotations;

namespace GitOps.Cluster;

/// <summary>Settings of a <see cref="LiveStateCache"/>.</summary>
public sealed class LiveStateCacheOptions
{
    /// <summary>How often every kind is listed again in full, to heal anything a watch missed. Default 10 minutes.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait before re-opening a watch that failed. Default 1 second.</summary>
    public TimeSpan WatchRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Objects per list page. Default 500.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 500;
}
