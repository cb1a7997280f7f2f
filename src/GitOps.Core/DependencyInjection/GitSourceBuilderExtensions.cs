using GitOps.Sources;
using GitOps.Sources.Git;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitOps;

/// <summary>Configures Git sources on an <see cref="IGitOpsBuilder"/>.</summary>
public static class GitSourceBuilderExtensions
{
    /// <summary>Uses a credential provider for Git repositories, replacing the anonymous default.</summary>
    /// <typeparam name="TProvider">The provider's type, resolved as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddGitCredentialProvider<TProvider>(this IGitOpsBuilder builder)
        where TProvider : class, IGitCredentialProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IGitCredentialProvider, TProvider>());
        return builder;
    }

    /// <summary>Configures the Git repository cache.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder ConfigureGit(this IGitOpsBuilder builder, Action<GitSourceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Registers the Git cache and the source resolver; called by <c>AddGitOpsCore</c>.</summary>
    internal static void AddGitSources(IServiceCollection services)
    {
        services.AddOptions<GitSourceOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitSourceOptions>, GitSourceOptionsValidator>());
        services.TryAddSingleton<IGitCredentialProvider, AnonymousGitCredentialProvider>();
        services.TryAddSingleton<GitRepositoryCache>();
        services.TryAddSingleton<IGitSource>(sp => sp.GetRequiredService<GitRepositoryCache>());
        services.TryAddSingleton<ISourceResolver, SourceResolver>();
    }
}
