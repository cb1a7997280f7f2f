using GitOps.Cluster;

namespace GitOps.Clusters;

/// <summary>Settings of a <see cref="ClusterRegistry"/>.</summary>
public sealed class ClusterRegistryOptions
{
    /// <summary>
    /// Keep a <see cref="LiveStateCache"/> per cluster the registry connects to, so comparisons read watched state and
    /// live changes trigger refreshes. Default <see langword="false"/>.
    /// </summary>
    public bool WatchLiveState { get; set; }

    /// <summary>Settings of the caches made when <see cref="WatchLiveState"/> is on.</summary>
    public LiveStateCacheOptions LiveState { get; set; } = new();
}
