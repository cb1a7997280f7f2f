using GitOps.Diff;
using GitOps.Health;
using GitOps.Manifests;

namespace GitOps.Comparison;

/// <summary>The comparison of one resource.</summary>
public sealed class ResourceComparison
{
    /// <summary>The resource's identity, with its final namespace.</summary>
    public required ResourceKey Key { get; init; }

    /// <summary>The API version of the desired (or else live) object.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>How it compares.</summary>
    public required ResourceSyncStatus Status { get; init; }

    /// <summary>The desired object as it will be applied (namespace set, tracking written); null when extraneous.</summary>
    public ManifestObject? Desired { get; init; }

    /// <summary>The live object; null when missing.</summary>
    public ManifestObject? Live { get; init; }

    /// <summary>The diff, with Secret data masked; null when unknown.</summary>
    public ResourceDiff? Diff { get; init; }

    /// <summary>The live object's health; null when it has none (a ConfigMap) or does not exist.</summary>
    public HealthStatus? Health { get; set; }

    /// <summary>Whether it counts toward the application's sync status (an extraneous object marked IgnoreExtraneous does not).</summary>
    public bool Counted { get; init; } = true;

    /// <summary>Why it is unknown, or a note such as a strategy fallback.</summary>
    public string? Message { get; init; }
}
