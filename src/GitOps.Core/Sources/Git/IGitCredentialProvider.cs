namespace GitOps.Sources.Git;

/// <summary>
/// Supplies credentials for Git repositories. Register one with <c>AddGitCredentialProvider&lt;T&gt;()</c>; without
/// one, repositories are accessed anonymously (or with credentials written in the URL).
/// </summary>
public interface IGitCredentialProvider
{
    /// <summary>Returns the credentials for a repository, or <see langword="null"/> for anonymous access.</summary>
    /// <param name="repositoryUrl">The repository URL, normalized and without credentials.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The credentials, or <see langword="null"/>.</returns>
    ValueTask<GitCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken);
}
