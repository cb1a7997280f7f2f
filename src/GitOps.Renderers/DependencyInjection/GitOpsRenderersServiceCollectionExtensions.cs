using Microsoft.Extensions.DependencyInjection;

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
        configure?.Invoke(builder);
        return builder;
    }
}
