using GitOps.Tests.TestSupport;
using GitOps.Sources;
using GitOps.Sources.Git;
using GitOps.Tests.Sources.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Tests.Sources.Git;

public sealed class GitSourceRegistrationTests
{
    [Test]
    public void AddGitOpsCore_Default_RegistersGitSourceAndResolver()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().Services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IGitSource>(), Is.SameAs(provider.GetRequiredService<GitRepositoryCache>()));
            Assert.That(provider.GetRequiredService<ISourceResolver>(), Is.Not.Null);
            Assert.That(provider.GetRequiredService<IGitCredentialProvider>().GetType().Name, Is.EqualTo("AnonymousGitCredentialProvider"));
        });
    }

    [Test]
    public void AddGitCredentialProvider_Custom_ReplacesDefault()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().AddGitCredentialProvider<VaultProvider>().Services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IGitCredentialProvider>(), Is.TypeOf<VaultProvider>());
    }

    [Test]
    public void ConfigureGit_RelativeCacheDirectory_FailsStartupValidation()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().ConfigureGit(o => o.CacheDirectory = "relative/cache").Services.BuildServiceProvider();

        Assert.That(
            () => provider.GetRequiredService<IStartupValidator>().Validate(),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("CacheDirectory").And.Message.Contains("relative/cache"));
    }

    [Test]
    public void ConfigureGit_PoolSizeOutOfRange_FailsStartupValidation()
    {
        using var provider = new ServiceCollection().AddGitOpsCore().ConfigureGit(o => o.MaxPooledHandlesPerRepository = 0).Services.BuildServiceProvider();

        Assert.That(
            () => provider.GetRequiredService<IStartupValidator>().Validate(),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("MaxPooledHandlesPerRepository"));
    }

    [Test]
    public void ConfigureGit_AbsoluteCacheDirectory_IsUsed()
    {
        using var temp = new TempDirectory();
        using var provider = new ServiceCollection().AddGitOpsCore().ConfigureGit(o => o.CacheDirectory = temp.Path).Services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.That(provider.GetRequiredService<IOptions<GitSourceOptions>>().Value.CacheDirectory, Is.EqualTo(temp.Path));
    }

    private sealed class VaultProvider : IGitCredentialProvider
    {
        public ValueTask<GitCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken) =>
            ValueTask.FromResult<GitCredentials?>(new GitCredentials("vault", "from-vault"));
    }
}
