namespace GitOps.Comparison;

/// <summary>How one resource compares.</summary>
public enum ResourceSyncStatus
{
    /// <summary>Live matches desired.</summary>
    Synced,

    /// <summary>Live exists but differs from desired.</summary>
    OutOfSync,

    /// <summary>Desired, not live: a sync creates it.</summary>
    Missing,

    /// <summary>Live and tracked by the application, not desired: a prune deletes it.</summary>
    Extraneous,

    /// <summary>Could not be read or compared; the message says why.</summary>
    Unknown,
}
