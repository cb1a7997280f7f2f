namespace GitOps.Applications.SyncWindows;

/// <summary>Whether a sync window allows or blocks syncs while it is open.</summary>
public enum SyncWindowKind
{
    /// <summary>Syncs may run only while some matching allow window is open.</summary>
    Allow,

    /// <summary>Syncs may not run while the window is open; a deny wins over any allow.</summary>
    Deny,
}
