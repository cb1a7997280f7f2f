namespace GitOps.Applications.SyncWindows;

/// <summary>What the sync windows of an application say at an instant.</summary>
public sealed record SyncWindowDecision
{
    /// <summary>The instant evaluated.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Whether an automated sync may start.</summary>
    public required bool AutomatedSyncAllowed { get; init; }

    /// <summary>Whether a manual sync may start.</summary>
    public required bool ManualSyncAllowed { get; init; }

    /// <summary>The windows that concern the application.</summary>
    public IReadOnlyList<SyncWindow> MatchingWindows { get; init; } = [];

    /// <summary>The matching windows open at <see cref="At"/>.</summary>
    public IReadOnlyList<SyncWindow> ActiveWindows { get; init; } = [];

    /// <summary>
    /// When automated syncs become allowed: <see cref="At"/> when they are allowed now, <see langword="null"/> when not
    /// within the evaluator's search horizon.
    /// </summary>
    public DateTimeOffset? NextAutomatedSyncAllowedAt { get; init; }

    /// <summary>When manual syncs become allowed, as <see cref="NextAutomatedSyncAllowedAt"/>.</summary>
    public DateTimeOffset? NextManualSyncAllowedAt { get; init; }
}
