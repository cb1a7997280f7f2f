using GitOps.Sources.Git;

namespace GitOps.Tests.Sources.Fixtures;

/// <summary>Hands out one set of credentials for every repository, and counts the requests.</summary>
public sealed class StaticCredentialProvider(GitCredentials? credentials) : IGitCredentialProvider
{
    private int _calls;

    /// <summary>How often credentials were asked for.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <inheritdoc />
    public ValueTask<GitCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(credentials);
    }
}
