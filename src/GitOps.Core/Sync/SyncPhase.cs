namespace GitOps.Sync;

/// <summary>The phases of a sync, in the order they run.</summary>
public enum SyncPhase
{
    /// <summary>Hooks that run before anything is applied (migrations, say).</summary>
    PreSync,

    /// <summary>The application's objects, and Sync hooks.</summary>
    Sync,

    /// <summary>Hooks that run once everything is applied and healthy.</summary>
    PostSync,

    /// <summary>Hooks that run only when the sync failed.</summary>
    SyncFail,
}
