using GitOps.Diff;
using GitOps.Manifests;

namespace GitOps.Sync;

/// <summary>One sync operation: an application's desired objects at a revision, made live.</summary>
public sealed record SyncRequest
{
    /// <summary>The application's name, written into tracking annotations.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>The revision the objects were rendered from (a commit SHA), recorded in the operation and history.</summary>
    public required string Revision { get; init; }

    /// <summary>The rendered desired objects, hooks included.</summary>
    public required IReadOnlyList<ManifestObject> Desired { get; init; }

    /// <summary>The namespace of desired namespaced objects that name none.</summary>
    public string DestinationNamespace { get; init; } = "default";

    /// <summary>How the operation runs.</summary>
    public SyncOptions Options { get; init; } = new();

    /// <summary>How desired and live are compared (ignore rules, normalizers).</summary>
    public DiffOptions DiffOptions { get; init; } = new();

    /// <summary>
    /// A subset of resources to sync (selective sync): no hooks run, nothing is pruned but what is named, and no
    /// history is recorded. Null for a full sync.
    /// </summary>
    public IReadOnlySet<ResourceKey>? Resources { get; init; }

    /// <summary>
    /// With <see cref="PruneMode.Confirm"/>: asked once, with the objects to prune, before anything is pruned; the
    /// operation waits for its answer. Without it, confirmation-gated prunes are skipped.
    /// </summary>
    public Func<IReadOnlyList<ResourceKey>, CancellationToken, Task<bool>>? ConfirmPruneAsync { get; init; }

    /// <summary>How many history entries the application keeps (Argo CD's revisionHistoryLimit). Default 10.</summary>
    public int RevisionHistoryLimit { get; init; } = 10;

    /// <summary>The source to record in history (a repository URL and path, say).</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>
    /// A watched cache of the same cluster: the operation's comparison reads live objects from it instead of listing
    /// every kind, as Argo CD's syncs read its cluster cache. Null (the default) lists.
    /// </summary>
    public GitOps.Cluster.LiveStateCache? LiveState { get; init; }
}
