using GitOps.Diff;
using GitOps.Health;

namespace GitOps.Comparison;

/// <summary>The comparison of an application with a cluster.</summary>
public sealed class ComparisonResult
{
    /// <summary>The application's sync status.</summary>
    public required ApplicationSyncStatus SyncStatus { get; init; }

    /// <summary>Every desired and extraneous resource, in a stable order (group, kind, namespace, name).</summary>
    public required IReadOnlyList<ResourceComparison> Resources { get; init; }

    /// <summary>The application's health: the worst counted resource health, with Argo CD's exceptions.</summary>
    public required ApplicationHealthResult Health { get; init; }

    /// <summary>The strategy asked for.</summary>
    public required DiffStrategy Strategy { get; init; }

    /// <summary>Notes such as strategy fallbacks, with their reasons.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
