namespace GitOps.Comparison;

/// <summary>How an application compares as a whole.</summary>
public enum ApplicationSyncStatus
{
    /// <summary>Every counted resource is synced.</summary>
    Synced,

    /// <summary>At least one counted resource is out of sync, missing or extraneous.</summary>
    OutOfSync,

    /// <summary>A resource could not be compared.</summary>
    Unknown,
}
