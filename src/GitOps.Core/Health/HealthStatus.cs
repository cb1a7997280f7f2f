namespace GitOps.Health;

/// <summary>The result of a health assessment: a <see cref="HealthStatusCode"/> and a message for people.</summary>
public readonly record struct HealthStatus
{
    private readonly string? _message;

    /// <summary>Creates a health status.</summary>
    /// <param name="status">The health code.</param>
    /// <param name="message">Why the object has this health; <see langword="null"/> is stored as empty.</param>
    public HealthStatus(HealthStatusCode status, string? message = null)
    {
        Status = status;
        _message = message ?? string.Empty;
    }

    /// <summary>The health code.</summary>
    public HealthStatusCode Status { get; }

    /// <summary>Why the object has this health; empty when there is nothing to add.</summary>
    public string Message => _message ?? string.Empty;

    /// <summary>Creates a <see cref="HealthStatusCode.Healthy"/> status.</summary>
    /// <param name="message">An optional message.</param>
    public static HealthStatus Healthy(string? message = null) => new(HealthStatusCode.Healthy, message);

    /// <summary>Creates a <see cref="HealthStatusCode.Suspended"/> status.</summary>
    /// <param name="message">An optional message.</param>
    public static HealthStatus Suspended(string? message = null) => new(HealthStatusCode.Suspended, message);

    /// <summary>Creates a <see cref="HealthStatusCode.Progressing"/> status.</summary>
    /// <param name="message">An optional message.</param>
    public static HealthStatus Progressing(string? message = null) => new(HealthStatusCode.Progressing, message);

    /// <summary>Creates a <see cref="HealthStatusCode.Missing"/> status.</summary>
    /// <param name="message">An optional message.</param>
    public static HealthStatus Missing(string? message = null) => new(HealthStatusCode.Missing, message);

    /// <summary>Creates a <see cref="HealthStatusCode.Degraded"/> status.</summary>
    /// <param name="message">An optional message.</param>
    public static HealthStatus Degraded(string? message = null) => new(HealthStatusCode.Degraded, message);

    /// <summary>Creates an <see cref="HealthStatusCode.Unknown"/> status.</summary>
    /// <param name="message">An optional message.</param>
    public static HealthStatus Unknown(string? message = null) => new(HealthStatusCode.Unknown, message);

    /// <summary>
    /// Whether <paramref name="candidate"/> is worse than <paramref name="current"/> in the order
    /// Healthy &lt; Suspended &lt; Progressing &lt; Missing &lt; Degraded &lt; Unknown.
    /// </summary>
    /// <param name="current">The health so far.</param>
    /// <param name="candidate">The health to compare.</param>
    public static bool IsWorse(HealthStatusCode current, HealthStatusCode candidate) => candidate > current;

    /// <summary>Whether this status is worse than <paramref name="other"/> (see <see cref="IsWorse"/>).</summary>
    /// <param name="other">The status to compare with.</param>
    public bool IsWorseThan(HealthStatus other) => IsWorse(other.Status, Status);

    /// <summary>Whether both have the same code and message; a default value equals one with an empty message.</summary>
    /// <param name="other">The status to compare with.</param>
    public bool Equals(HealthStatus other) =>
        Status == other.Status && string.Equals(Message, other.Message, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Status, StringComparer.Ordinal.GetHashCode(Message));

    /// <summary>Formats the status as <c>Status</c> or <c>Status: message</c>.</summary>
    public override string ToString() => Message.Length == 0 ? Status.ToString() : $"{Status}: {Message}";
}
