namespace GitOps.Sync;

/// <summary>One successful, full, non-dry-run sync, kept so it can be shown and rolled back to.</summary>
public sealed record SyncHistoryEntry
{
    /// <summary>The entry's number within the application, increasing from 1.</summary>
    public required long Id { get; init; }

    /// <summary>The revision synced (a commit SHA).</summary>
    public required string Revision { get; init; }

    /// <summary>The source synced (a repository URL and path, say).</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>When the sync started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>The operation's id.</summary>
    public string OperationId { get; init; } = string.Empty;

    /// <summary>A summary of the result, such as <c>3 created, 1 configured, 1 pruned</c>.</summary>
    public string Summary { get; init; } = string.Empty;
}
