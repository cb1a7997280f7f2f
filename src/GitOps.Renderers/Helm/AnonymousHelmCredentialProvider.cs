namespace GitOps.Renderers.Helm;

/// <summary>The default provider: no credentials.</summary>
internal sealed class AnonymousHelmCredentialProvider : IHelmCredentialProvider
{
    public ValueTask<HelmCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<HelmCredentials?>(null);
}
