using GitOps.Apply;
using GitOps.Comparison;
using GitOps.Diff;
using GitOps.Health;
using GitOps.Manifests;
using GitOps.Rendering;
using GitOps.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps;

/// <summary>Registers the GitOps SDK's core services. Every method is safe to call more than once.</summary>
public static class GitOpsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the core services: sources, the manifest reader, the renderer registry, the render service and
    /// its cache, and the health assessor. Renderers come from <c>AddGitOps()</c> in GitOps.Renderers or from <see cref="AddRenderer{TRenderer}"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IGitOpsBuilder AddGitOpsCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));
        services.AddOptions<RenderCacheOptions>().ValidateDataAnnotations().ValidateOnStart();
        GitSourceBuilderExtensions.AddGitSources(services);
        services.TryAddSingleton(sp => new ManifestReader(sp.GetRequiredService<IOptions<ManifestReaderOptions>>().Value));
        services.TryAddSingleton<RendererRegistry>();
        services.TryAddSingleton<RenderCache>();
        services.TryAddSingleton<IManifestRenderService, ManifestRenderService>();
        services.AddOptions<StateComparerOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new ManifestDiffer(sp.GetServices<IDiffNormalizer>()));
        services.TryAddSingleton<IHealthAssessor, HealthAssessor>();
        services.TryAddSingleton<IStateComparer, StateComparer>();
        services.TryAddSingleton<IApplier, Applier>();
        services.TryAddSingleton<ISyncStateStore, InMemorySyncStateStore>();
        services.TryAddSingleton<ISyncHistoryStore, InMemorySyncHistoryStore>();
        services.TryAddSingleton<ISyncEngine, SyncEngine>();
        return new GitOpsBuilder(services);
    }

    /// <summary>Adds a renderer. A renderer type is added once however often this is called.</summary>
    /// <typeparam name="TRenderer">The renderer's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddRenderer<TRenderer>(this IGitOpsBuilder builder)
        where TRenderer : class, IManifestRenderer
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IManifestRenderer, TRenderer>());
        return builder;
    }

    /// <summary>Adds a diff normalizer that every comparison runs. A normalizer type is added once.</summary>
    /// <typeparam name="TNormalizer">The normalizer's type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddDiffNormalizer<TNormalizer>(this IGitOpsBuilder builder)
        where TNormalizer : class, IDiffNormalizer
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDiffNormalizer, TNormalizer>());
        return builder;
    }

    /// <summary>Configures the state comparer.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder ConfigureStateComparer(this IGitOpsBuilder builder, Action<StateComparerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures the render cache.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder ConfigureRenderCache(this IGitOpsBuilder builder, Action<RenderCacheOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Configures the manifest reader's limits.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder ConfigureManifestReader(this IGitOpsBuilder builder, Action<ManifestReaderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }
}
