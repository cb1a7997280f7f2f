using GitOps.Applications;

namespace GitOps.Clusters;

/// <summary>
/// The clusters applications can be deployed to, each known by a name and an API server URL, as Argo CD's cluster
/// secrets are. Resolves an application's <see cref="ApplicationDestination"/> to a client of its cluster.
/// </summary>
public interface IClusterRegistry
{
    /// <summary>The registered clusters (names and servers only; never credentials).</summary>
    IReadOnlyList<ClusterInfo> Clusters { get; }

    /// <summary>Finds the cluster a destination names, connecting to it on first use.</summary>
    /// <param name="destination">The destination: a cluster name, a server URL, both (they must agree) or neither (the default cluster).</param>
    /// <returns>The cluster, or an error saying why the destination names no usable cluster.</returns>
    ClusterResolution Resolve(ApplicationDestination destination);
}
