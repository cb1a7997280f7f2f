using GitOps.Cluster;
using GitOps.Clusters;
using GitOps.Reconcile;
using GitOps.Sharding;
using GitOps.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps;

/// <summary>Registers the reconciler and the reconcile loop.</summary>
public static class ReconcileBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="ApplicationReconciler"/>, an in-memory <see cref="IApplicationStatusStore"/> (unless one is
    /// registered) and <see cref="ReconcileLoop"/>. The loop deploys to the clusters of an <see cref="IClusterRegistry"/>
    /// service, or else to one <see cref="ClusterClient"/> service (with a <see cref="LiveStateCache"/> service when
    /// registered); it uses a <see cref="ShardCoordinator"/> when one is registered. Options are
    /// validated when the host starts (and when the loop is created).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configureLoop">Changes the loop's settings (poll interval, worker limits).</param>
    /// <param name="configureReconciler">Changes the reconciler's settings (self-heal backoff, sync windows).</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddReconciler(
        this IGitOpsBuilder builder, Action<ReconcileLoopOptions>? configureLoop = null, Action<ReconcilerOptions>? configureReconciler = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var loop = services.AddOptions<ReconcileLoopOptions>().ValidateDataAnnotations().ValidateOnStart();
        var reconciler = services.AddOptions<ReconcilerOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configureLoop is not null)
        {
            loop.Configure(configureLoop);
        }

        if (configureReconciler is not null)
        {
            reconciler.Configure(configureReconciler);
        }

        services.TryAddSingleton<IApplicationStatusStore, InMemoryApplicationStatusStore>();
        services.TryAddSingleton<ApplicationReconciler>();
        services.TryAddSingleton(sp => new ReconcileLoop(
            sp.GetRequiredService<ApplicationReconciler>(),
            sp.GetService<IClusterRegistry>() ?? ClusterRegistry.ForSingleCluster(sp.GetRequiredService<ClusterClient>(), sp.GetService<LiveStateCache>()),
            sp.GetRequiredService<ISyncStateStore>(),
            sp.GetRequiredService<IOptions<ReconcileLoopOptions>>().Value,
            sp.GetService<ShardCoordinator>(),
            sp.GetRequiredService<ILogger<ReconcileLoop>>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
