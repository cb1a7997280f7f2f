using GitOps.Renderers.Directory;
using GitOps.Renderers.Helm;
using GitOps.Renderers.Jsonnet;
using GitOps.Renderers.Kustomize;
using GitOps.Reconcile;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps;

/// <summary>Registers the whole GitOps SDK with its built-in renderers. Safe to call more than once.</summary>
public static class GitOpsRenderersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the core services (<see cref="GitOpsServiceCollectionExtensions.AddGitOpsCore"/>) and the
    /// built-in renderers: plain directories, Helm, Kustomize and Jsonnet.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Further configuration, such as custom renderers or credential providers.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IGitOpsBuilder AddGitOps(this IServiceCollection services, Action<IGitOpsBuilder>? configure = null)
    {
        var builder = services.AddGitOpsCore();
        builder.AddDirectoryRenderer();
        builder.AddHelmRenderer();
        builder.AddKustomizeRenderer();
        builder.AddJsonnetRenderer();
        configure?.Invoke(builder);
        return builder;
    }

    /// <summary>Adds the plain-directory renderer.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes its service-wide limits.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddDirectoryRenderer(this IGitOpsBuilder builder, Action<DirectoryRendererSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<DirectoryRendererSettings>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRendererOptionsMapper, DirectoryRendererOptionsMapper>());
        return builder.AddRenderer<DirectoryRenderer>();
    }

    /// <summary>Configures where the external programs are and how they run (timeout, concurrency).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the settings.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder ConfigureExternalTools(this IGitOpsBuilder builder, Action<ExternalToolSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddTools(builder.Services);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds the Helm renderer (<c>helm template</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes its service-wide settings.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddHelmRenderer(this IGitOpsBuilder builder, Action<HelmRendererSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddTools(builder.Services);
        var options = builder.Services.AddOptions<HelmRendererSettings>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<IHelmCredentialProvider, AnonymousHelmCredentialProvider>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRendererOptionsMapper, HelmRendererOptionsMapper>());
        builder.Services.TryAddSingleton<GitOps.Sources.IChartVersionResolver, HelmChartVersionResolver>();
        return builder.AddRenderer<HelmRenderer>();
    }

    /// <summary>Uses a credential provider for Helm chart repositories, replacing the anonymous default.</summary>
    /// <typeparam name="TProvider">The provider's type, resolved as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddHelmCredentialProvider<TProvider>(this IGitOpsBuilder builder)
        where TProvider : class, IHelmCredentialProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IHelmCredentialProvider, TProvider>());
        return builder;
    }

    /// <summary>Adds the Kustomize renderer (<c>kubectl kustomize</c>, or <c>kustomize build</c> when configured).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddKustomizeRenderer(this IGitOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddTools(builder.Services);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRendererOptionsMapper, KustomizeRendererOptionsMapper>());
        return builder.AddRenderer<KustomizeRenderer>();
    }

    /// <summary>
    /// Adds the Jsonnet renderer and the <see cref="IJsonnetEvaluator"/> (the <c>jsonnet</c> program) that the
    /// directory renderer uses for <c>*.jsonnet</c> files.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddJsonnetRenderer(this IGitOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddTools(builder.Services);
        builder.Services.TryAddSingleton<IJsonnetEvaluator, JsonnetProgramEvaluator>();
        return builder.AddRenderer<JsonnetRenderer>();
    }

    private static void AddTools(IServiceCollection services)
    {
        services.AddOptions<ExternalToolSettings>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ToolRunner>();
        services.TryAddSingleton<ToolLocator>();
        services.TryAddSingleton<SharedTreeCopies>();
    }
}
