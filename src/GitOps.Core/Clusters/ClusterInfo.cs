namespace GitOps.Clusters;

/// <summary>A registered cluster as it may be shown or logged: no credentials.</summary>
/// <param name="Name">The cluster's name, which destinations use as <c>name</c> (for kubeconfig clusters, the context name).</param>
/// <param name="Server">The API server URL, which destinations use as <c>server</c>.</param>
/// <param name="IsDefault">Whether destinations that name no cluster go here.</param>
/// <param name="IsInCluster">Whether it also answers to Argo CD's local cluster: the name <c>in-cluster</c> and <c>https://kubernetes.default.svc</c>.</param>
public sealed record ClusterInfo(string Name, Uri Server, bool IsDefault, bool IsInCluster);
