using k8s;

namespace GitOps.Cluster;

/// <summary>
/// How to reach a cluster: a kubeconfig file and context, a server URL and token, the in-cluster service account,
/// or KubernetesClient's default lookup (<c>KUBECONFIG</c>, <c>~/.kube/config</c>, in-cluster).
/// </summary>
public sealed class ClusterConnectionOptions
{
    /// <summary>A kubeconfig file; its current context unless <see cref="Context"/> is set.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>The kubeconfig context to use.</summary>
    public string? Context { get; init; }

    /// <summary>An API server URL, used with <see cref="Token"/> instead of a kubeconfig.</summary>
    public Uri? Server { get; init; }

    /// <summary>A bearer token for <see cref="Server"/>. Never logged or shown in errors.</summary>
    public string? Token { get; init; }

    /// <summary>PEM of the certificate authority that signs <see cref="Server"/>'s certificate.</summary>
    public string? CertificateAuthorityPem { get; init; }

    /// <summary>Skip verifying the server's TLS certificate (tests only).</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Use the service account of the pod this process runs in.</summary>
    public bool InCluster { get; init; }

    /// <summary>Builds KubernetesClient's configuration.</summary>
    /// <exception cref="InvalidOperationException">The options are contradictory or the kubeconfig cannot be read.</exception>
    public KubernetesClientConfiguration ToClientConfiguration()
    {
        if (Server is not null)
        {
            if (KubeconfigPath is not null || InCluster)
            {
                throw new InvalidOperationException("Give either a server URL, a kubeconfig or in-cluster access, not several.");
            }

            var configuration = new KubernetesClientConfiguration
            {
                Host = Server.ToString(),
                AccessToken = Token,
                SkipTlsVerify = InsecureSkipTlsVerify,
            };
            if (CertificateAuthorityPem is { Length: > 0 } pem)
            {
                configuration.SslCaCerts = [System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem)];
            }

            return configuration;
        }

        if (InCluster)
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        try
        {
            return KubeconfigPath is not null
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, Context)
                : Context is not null
                    ? KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: Context)
                    : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException)
        {
            throw new InvalidOperationException(
                $"Cannot use kubeconfig '{KubeconfigPath ?? "(default)"}'{(Context is null ? string.Empty : $" context '{Context}'")}: {e.Message}", e);
        }
    }
}
