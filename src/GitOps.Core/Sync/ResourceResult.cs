using GitOps.Apply;
using GitOps.Manifests;

namespace GitOps.Sync;

/// <summary>What the operation did to one object.</summary>
public sealed record ResourceResult
{
    /// <summary>The object's identity.</summary>
    public required ResourceKey Key { get; init; }

    /// <summary>Its API version.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The phase it ran in.</summary>
    public required SyncPhase Phase { get; init; }

    /// <summary>The wave it ran in.</summary>
    public required int Wave { get; init; }

    /// <summary>What happened.</summary>
    public required ApplyOutcome Outcome { get; init; }

    /// <summary>A readable account.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Whether it is a hook.</summary>
    public bool IsHook { get; init; }
}
