using GitOps.Cluster;

namespace GitOps.Clusters;

/// <summary>A destination's cluster, connected.</summary>
/// <param name="Info">Which cluster it is.</param>
/// <param name="Client">The client of its API.</param>
/// <param name="LiveState">Its watched live-state cache, when the registry keeps one (<see cref="ClusterRegistryOptions.WatchLiveState"/> or one given at registration).</param>
public sealed record ResolvedCluster(ClusterInfo Info, ClusterClient Client, LiveStateCache? LiveState);
