using GitOps.Cluster;

namespace GitOps.Sync;

/// <summary>
/// Turns an application's desired state into a finished sync operation: compare, dry-run everything, then run the
/// phases and waves in order (hooks, applies, prunes), waiting for health between waves.
/// </summary>
public interface ISyncEngine
{
    /// <summary>Runs a sync operation to its end.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="request">What to sync and how.</param>
    /// <param name="cancellationToken">Terminates the operation (it ends <see cref="OperationPhase.Terminated"/>).</param>
    /// <returns>The final state, also saved to the state store.</returns>
    Task<OperationState> SyncAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes the application's operation that a stopped process left running (same revision): finished steps are
    /// skipped and the rest runs. When the saved operation is finished, or for another revision, a new one starts; a
    /// running operation of another revision is first ended as <see cref="OperationPhase.Terminated"/>, so none is
    /// left half-done and forgotten.
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="request">What to sync and how.</param>
    /// <param name="cancellationToken">Terminates the operation.</param>
    Task<OperationState> ResumeAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default);
}
