namespace GitOps.Renderers.Kustomize;

/// <summary>A replica count override (kustomize's <c>replicas</c> field).</summary>
/// <param name="Name">The workload's name.</param>
/// <param name="Count">The replica count.</param>
public sealed record KustomizeReplica(string Name, int Count);
