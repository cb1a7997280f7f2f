namespace GitOps.Sync;

/// <summary>
/// The state of a sync operation, saved after every step so that a restarted process can resume it or end it
/// cleanly. Plain data: serializable with System.Text.Json.
/// </summary>
public sealed record OperationState
{
    /// <summary>A unique id of the operation.</summary>
    public required string Id { get; init; }

    /// <summary>The application.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>The revision being synced.</summary>
    public required string Revision { get; init; }

    /// <summary>Where the operation stands.</summary>
    public OperationPhase Phase { get; init; } = OperationPhase.Running;

    /// <summary>A readable account of the outcome or the current step.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended; null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The steps finished so far, as <c>Phase/wave</c>, for resuming.</summary>
    public IReadOnlyList<string> CompletedSteps { get; init; } = [];

    /// <summary>What happened to each object so far.</summary>
    public IReadOnlyList<ResourceResult> Results { get; init; } = [];

    /// <summary>Whether this was a dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>Whether this was a selective sync.</summary>
    public bool Selective { get; init; }

    /// <summary>How many transient-failure retries were spent.</summary>
    public int Retries { get; init; }
}
