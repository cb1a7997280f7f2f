namespace GitOps.Sync;

/// <summary>Where a sync operation stands.</summary>
public enum OperationPhase
{
    /// <summary>Still working.</summary>
    Running,

    /// <summary>Every task succeeded.</summary>
    Succeeded,

    /// <summary>A task failed (an apply, a hook, a health check, the dry run) or the operation timed out.</summary>
    Failed,

    /// <summary>The operation could not run at all (for example, the cluster was unreachable past the retry limit).</summary>
    Error,

    /// <summary>Stopped on request.</summary>
    Terminated,
}
