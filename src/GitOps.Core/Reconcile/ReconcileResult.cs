namespace GitOps.Reconcile;

/// <summary>The outcome of one reconcile.</summary>
public sealed record ReconcileResult
{
    /// <summary>The status published.</summary>
    public required ApplicationStatus Status { get; init; }

    /// <summary>Whether manifests were rendered (false when the revision and specification were unchanged).</summary>
    public bool Rendered { get; init; }

    /// <summary>Whether an automated sync ran.</summary>
    public bool Synced { get; init; }

    /// <summary>An automated sync that is due but was deferred (<see cref="ReconcileContext.DeferSync"/>).</summary>
    public PendingSync? PendingSync { get; init; }

    /// <summary>When the application should be reconciled again at the latest (a retry or self-heal backoff ends).</summary>
    public DateTimeOffset? RequeueAt { get; init; }
}
