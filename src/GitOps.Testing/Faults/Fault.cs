namespace GitOps.Testing.Faults;

/// <summary>A fault to inject: its kind and, for latency, throttling and closed watches, a duration.</summary>
public sealed record Fault
{
    private Fault(FaultKind kind, TimeSpan duration)
    {
        Kind = kind;
        Duration = duration;
    }

    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; }

    /// <summary>The delay (Latency), the retry-after time (TooManyRequests) or how long a watch lives (CloseWatch).</summary>
    public TimeSpan Duration { get; }

    /// <summary>Delays matching requests by <paramref name="delay"/>.</summary>
    /// <param name="delay">How long to wait before serving; not negative.</param>
    public static Fault Latency(TimeSpan delay) => new(FaultKind.Latency, NotNegative(delay));

    /// <summary>Answers 429 with <c>Retry-After</c>.</summary>
    /// <param name="retryAfter">The time the client is told to wait (rounded up to whole seconds).</param>
    public static Fault TooManyRequests(TimeSpan retryAfter) => new(FaultKind.TooManyRequests, NotNegative(retryAfter));

    /// <summary>Answers 500 InternalError.</summary>
    public static Fault InternalError() => new(FaultKind.InternalError, TimeSpan.Zero);

    /// <summary>Answers 503 ServiceUnavailable.</summary>
    public static Fault ServiceUnavailable() => new(FaultKind.ServiceUnavailable, TimeSpan.Zero);

    /// <summary>Answers 409 Conflict.</summary>
    public static Fault Conflict() => new(FaultKind.Conflict, TimeSpan.Zero);

    /// <summary>Aborts the connection without answering.</summary>
    public static Fault DropConnection() => new(FaultKind.DropConnection, TimeSpan.Zero);

    /// <summary>Ends matching watches after <paramref name="after"/>.</summary>
    /// <param name="after">How long the watch stays open; zero closes it right after it starts.</param>
    public static Fault CloseWatch(TimeSpan after) => new(FaultKind.CloseWatch, NotNegative(after));

    private static TimeSpan NotNegative(TimeSpan value) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A fault's duration must not be negative.");
}
