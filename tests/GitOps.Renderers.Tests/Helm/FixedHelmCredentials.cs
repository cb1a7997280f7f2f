using GitOps.Renderers.Helm;

namespace GitOps.Renderers.Tests.Helm;

/// <summary>One user and password for one repository URL, none for any other.</summary>
internal sealed class FixedHelmCredentials(string url, string user, string password) : IHelmCredentialProvider
{
    public ValueTask<HelmCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(repositoryUrl == url ? new HelmCredentials(user, password) : null);
}
