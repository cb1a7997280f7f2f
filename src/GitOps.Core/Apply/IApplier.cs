using GitOps.Cluster;

namespace GitOps.Apply;

/// <summary>Writes single objects to a cluster with the chosen strategy. The sync engine builds on it.</summary>
public interface IApplier
{
    /// <summary>Writes one object.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="request">The object and how to write it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What happened; failures the caller should not retry come back as <see cref="ApplyOutcome.Failed"/>.</returns>
    /// <exception cref="KubernetesApiException">A transient API failure (see <see cref="KubernetesApiException.IsTransient"/>), for the caller's retry policy.</exception>
    Task<ApplyResult> ApplyAsync(ClusterClient cluster, ApplyRequest request, CancellationToken cancellationToken = default);
}
