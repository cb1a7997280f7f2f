using System.ComponentModel.DataAnnotations;

namespace GitOps.Sync;

/// <summary>How transient API failures (429, 5xx, timeouts, update conflicts) are retried within one operation.</summary>
public sealed record SyncRetryPolicy
{
    /// <summary>The most retries over the whole operation. Default 5.</summary>
    [Range(0, 1000)]
    public int Limit { get; init; } = 5;

    /// <summary>The first backoff. Default 1 second; a server's Retry-After wins when longer.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The backoff growth factor. Default 2.</summary>
    [Range(1.0, 10.0)]
    public double Factor { get; init; } = 2;

    /// <summary>The longest backoff. Default 1 minute.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);
}
