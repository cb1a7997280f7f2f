namespace GitOps.Sources.Git;

/// <summary>The default provider: no credentials, so access is anonymous unless the URL carries some.</summary>
internal sealed class AnonymousGitCredentialProvider : IGitCredentialProvider
{
    public ValueTask<GitCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken) =>
        ValueTask.FromResult<GitCredentials?>(null);
}
