namespace GitOps.Applications;

/// <summary>A replica-count override for the workload of a name.</summary>
/// <param name="Name">The workload's name.</param>
/// <param name="Count">The replica count.</param>
public sealed record KustomizeReplica(string Name, int Count);
