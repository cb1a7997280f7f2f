using GitOps.Comparison;
using GitOps.Health;
using GitOps.Sync;

namespace GitOps.Reconcile;

/// <summary>What the last reconcile of an application found: the status an Argo CD Application carries.</summary>
public sealed record ApplicationStatus
{
    /// <summary>The application's qualified name (<c>namespace/name</c>, or the name alone).</summary>
    public required string Application { get; init; }

    /// <summary>Whether the cluster matches the rendered manifests.</summary>
    public ApplicationSyncStatus SyncStatus { get; init; } = ApplicationSyncStatus.Unknown;

    /// <summary>The aggregated health of the application's resources.</summary>
    public HealthStatus Health { get; init; } = HealthStatus.Unknown();

    /// <summary>The commit the comparison was made against, when resolved.</summary>
    public string? Revision { get; init; }

    /// <summary>When the reconcile that produced this status finished.</summary>
    public DateTimeOffset ReconciledAt { get; init; }

    /// <summary>The per-resource comparison results.</summary>
    public IReadOnlyList<ApplicationResourceStatus> Resources { get; init; } = [];

    /// <summary>Errors and warnings of the last reconcile (empty when all went well).</summary>
    public IReadOnlyList<ApplicationCondition> Conditions { get; init; } = [];

    /// <summary>The last sync operation, if any.</summary>
    public OperationState? Operation { get; init; }

    /// <summary>The deployment history, newest last.</summary>
    public IReadOnlyList<SyncHistoryEntry> History { get; init; } = [];
}
