using GitOps.Clusters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GitOps;

/// <summary>Registers the destination clusters of the reconcile loop.</summary>
public static class ClusterRegistryBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="ClusterRegistry"/> as the <see cref="IClusterRegistry"/> the reconcile loop deploys through,
    /// filled by <paramref name="configure"/> when first resolved (for example
    /// <c>clusters =&gt; clusters.AddKubeconfig(path)</c>). The container disposes it, and with it the clients and
    /// caches it made.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Registers the clusters.</param>
    /// <param name="options">Settings, such as <see cref="ClusterRegistryOptions.WatchLiveState"/>; defaults when null.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddClusters(this IGitOpsBuilder builder, Action<ClusterRegistry> configure, ClusterRegistryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.TryAddSingleton<IClusterRegistry>(sp =>
        {
            var registry = new ClusterRegistry(options, sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>());
            configure(registry);
            return registry;
        });
        return builder;
    }
}
