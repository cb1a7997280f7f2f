using GitOps.Cluster;

namespace GitOps.Reconcile;

/// <summary>Where and how to reconcile.</summary>
public sealed record ReconcileContext
{
    /// <summary>The destination cluster.</summary>
    public required ClusterClient Cluster { get; init; }

    /// <summary>A watched cache of the cluster to compare against without listing, if any.</summary>
    public LiveStateCache? LiveState { get; init; }

    /// <summary>Re-render even when the revision and specification are unchanged, bypassing the render cache.</summary>
    public bool Hard { get; init; }

    /// <summary>Compare and publish, but leave an automated sync as <see cref="ReconcileResult.PendingSync"/> for the caller to run.</summary>
    public bool DeferSync { get; init; }
}
