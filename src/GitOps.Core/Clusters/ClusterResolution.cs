using System.Diagnostics.CodeAnalysis;

namespace GitOps.Clusters;

/// <summary>The outcome of resolving a destination: a cluster or an error message.</summary>
public sealed record ClusterResolution
{
    private ClusterResolution(ResolvedCluster? cluster, string? error)
    {
        Cluster = cluster;
        Error = error;
    }

    /// <summary>The cluster, when resolved.</summary>
    public ResolvedCluster? Cluster { get; }

    /// <summary>Why the destination could not be resolved; never holds credentials.</summary>
    public string? Error { get; }

    /// <summary>Whether a cluster was found.</summary>
    [MemberNotNullWhen(true, nameof(Cluster))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Cluster is not null;

    /// <summary>A resolved destination.</summary>
    /// <param name="cluster">The cluster.</param>
    public static ClusterResolution Found(ResolvedCluster cluster) => new(cluster ?? throw new ArgumentNullException(nameof(cluster)), null);

    /// <summary>A destination that names no usable cluster.</summary>
    /// <param name="error">Why.</param>
    public static ClusterResolution Failed(string error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
