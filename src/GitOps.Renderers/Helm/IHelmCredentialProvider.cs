namespace GitOps.Renderers.Helm;

/// <summary>Supplies credentials for Helm chart repositories. Register one to reach private repositories.</summary>
public interface IHelmCredentialProvider
{
    /// <summary>Credentials for a repository, or <see langword="null"/> for anonymous access.</summary>
    /// <param name="repositoryUrl">The repository URL as given in <see cref="HelmChartReference.RepositoryUrl"/>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<HelmCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken = default);
}
