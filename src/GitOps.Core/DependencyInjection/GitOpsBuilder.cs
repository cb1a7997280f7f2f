using Microsoft.Extensions.DependencyInjection;

namespace GitOps;

internal sealed class GitOpsBuilder(IServiceCollection services) : IGitOpsBuilder
{
    public IServiceCollection Services { get; } = services;
}
