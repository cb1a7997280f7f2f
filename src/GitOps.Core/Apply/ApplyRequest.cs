using GitOps.Manifests;

namespace GitOps.Apply;

/// <summary>One object to write.</summary>
public sealed record ApplyRequest
{
    /// <summary>The desired object, with its final namespace.</summary>
    public required ManifestObject Desired { get; init; }

    /// <summary>The live object, when known (saves a read; needed for Replace and client-side apply).</summary>
    public ManifestObject? Live { get; init; }

    /// <summary>How to write it. Default server-side apply.</summary>
    public ApplyStrategy Strategy { get; init; } = ApplyStrategy.ServerSide;

    /// <summary>Validate and default on the server; store nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>The field manager. Default <c>gitops-dotnet</c>.</summary>
    public string FieldManager { get; init; } = "gitops-dotnet";

    /// <summary>Server-side apply: take over fields other managers own instead of failing on conflicts.</summary>
    public bool ForceConflicts { get; init; }

    /// <summary>When the server rejects a change of an immutable field, delete the object and create it again (once).</summary>
    public bool RecreateOnImmutableChange { get; init; }
}
