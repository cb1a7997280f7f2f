namespace GitOps.Applications;

/// <summary>Automated sync: sync whenever the application is out of sync with a new revision.</summary>
public sealed record AutomatedSyncPolicy
{
    /// <summary>Whether automated sync is on (<c>enabled</c>); on when not given.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Delete objects no longer in the source.</summary>
    public bool Prune { get; init; }

    /// <summary>Sync again when the live state drifts, not only on new revisions.</summary>
    public bool SelfHeal { get; init; }

    /// <summary>Allow a sync that would leave the application with no objects.</summary>
    public bool AllowEmpty { get; init; }
}
