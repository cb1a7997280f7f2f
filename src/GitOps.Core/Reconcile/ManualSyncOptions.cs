namespace GitOps.Reconcile;

/// <summary>
/// How a manual sync (<see cref="ApplicationReconciler.SyncNowAsync(Applications.Application, ManualSyncOptions, ReconcileContext, CancellationToken)"/>) differs from the application's own sync
/// options, as the flags of Argo CD's <c>app sync</c> do.
/// </summary>
public sealed record ManualSyncOptions
{
    /// <summary>Delete live objects the application tracks that are no longer rendered, whatever the policy says.</summary>
    public bool Prune { get; init; }

    /// <summary>Run every step as a server dry run: nothing changes and no history is recorded.</summary>
    public bool DryRun { get; init; }

    /// <summary>Delete and re-create objects whose immutable fields changed instead of failing on them.</summary>
    public bool Force { get; init; }

    /// <summary>The operation's time limit; <see langword="null"/> keeps the application's default.</summary>
    public TimeSpan? Timeout { get; init; }
}
