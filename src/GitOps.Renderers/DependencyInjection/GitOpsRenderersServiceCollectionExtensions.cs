using GitOps.Renderers.Directory;
using GitOps.Reconcile;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps;

/// <summary>Registers the whole GitOps SDK with its built-in renderers. Safe to call more than once.</summary>
public static class GitOpsRenderersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the core services (<see cref="GitOpsServiceCollectionExtensions.AddGitOpsCore"/>) and the
    /// built-in renderers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Further configuration, such as custom renderers or credential providers.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IGitOpsBuilder AddGitOps(this IServiceCollection services, Action<IGitOpsBuilder>? configure = null)
    {
        var builder = services.AddGitOpsCore();
        builder.AddDirectoryRenderer();
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
}
