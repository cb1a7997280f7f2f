namespace GitOps.Applications;

/// <summary>
/// How the reconcile loop retries a failed sync operation (Argo CD's <c>spec.syncPolicy.retry</c>): after the
/// n-th failure it waits <see cref="Duration"/> × <see cref="Factor"/>^(n−1), at most <see cref="MaxDuration"/>,
/// and starts a new operation, up to <see cref="Limit"/> times.
/// </summary>
/// <remarks>
/// This is not <see cref="GitOps.Sync.SyncRetryPolicy"/>: that one retries single transient API calls (429, 5xx)
/// inside one operation; this one retries whole operations that ended Failed or Error.
/// </remarks>
public sealed record SyncAttemptRetryPolicy
{
    /// <summary>Argo CD's default first wait: 5 seconds.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(5);

    /// <summary>Argo CD's default longest wait: 3 minutes.</summary>
    public static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromMinutes(3);

    /// <summary>The most retries; 0 for none (the default, as Argo CD) and a negative number for no limit.</summary>
    public int Limit { get; init; }

    /// <summary>The first wait. Default 5 seconds.</summary>
    public TimeSpan Duration { get; init; } = DefaultDuration;

    /// <summary>The growth factor. Default 2.</summary>
    public double Factor { get; init; } = 2;

    /// <summary>The longest wait. Default 3 minutes.</summary>
    public TimeSpan MaxDuration { get; init; } = DefaultMaxDuration;

    /// <summary>Resolve the target revision again before each retry (<c>refresh</c>).</summary>
    public bool Refresh { get; init; }

    /// <summary>Whether no limit applies.</summary>
    public bool IsUnlimited => Limit < 0;

    /// <summary>
    /// The wait before the next attempt after a number of failed ones, or <see langword="null"/> when the limit is spent.
    /// </summary>
    /// <param name="failedAttempts">Attempts that have failed so far, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failedAttempts"/> is less than 1.</exception>
    public TimeSpan? GetDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        if (!IsUnlimited && failedAttempts > Limit)
        {
            return null;
        }

        var max = MaxDuration > TimeSpan.Zero ? MaxDuration : DefaultMaxDuration;
        var seconds = Duration.TotalSeconds * Math.Pow(Math.Max(Factor, 1), failedAttempts - 1);
        // Large exponents overflow to infinity; the cap handles that too.
        return double.IsFinite(seconds) && seconds < max.TotalSeconds ? TimeSpan.FromSeconds(seconds) : max;
    }
}
