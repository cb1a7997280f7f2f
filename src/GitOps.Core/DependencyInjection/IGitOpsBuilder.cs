using Microsoft.Extensions.DependencyInjection;

namespace GitOps;

/// <summary>Configures the GitOps SDK's services; returned by <c>AddGitOps</c> and <c>AddGitOpsCore</c>.</summary>
public interface IGitOpsBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
