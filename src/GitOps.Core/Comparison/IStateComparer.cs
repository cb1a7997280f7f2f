using GitOps.Cluster;

namespace GitOps.Comparison;

/// <summary>
/// Answers whether a cluster is in the state Git describes: pairs desired and live objects, diffs them, and finds
/// the extraneous objects the application tracks.
/// </summary>
public interface IStateComparer
{
    /// <summary>Compares an application's desired objects with a cluster.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="request">What to compare.</param>
    /// <param name="cancellationToken">Cancels the comparison.</param>
    Task<ComparisonResult> CompareAsync(ClusterClient cluster, ComparisonRequest request, CancellationToken cancellationToken = default);
}
