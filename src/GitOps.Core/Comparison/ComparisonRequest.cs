using GitOps.Diff;
using GitOps.Manifests;

namespace GitOps.Comparison;

/// <summary>What to compare: an application's desired objects against one cluster.</summary>
public sealed record ComparisonRequest
{
    /// <summary>The application's name, which tracking annotations carry.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>The rendered desired objects. They are not changed; the comparer works on copies.</summary>
    public required IReadOnlyList<ManifestObject> Desired { get; init; }

    /// <summary>The namespace given to desired namespaced objects that name none.</summary>
    public string DestinationNamespace { get; init; } = "default";

    /// <summary>
    /// The diff strategy. <see cref="DiffStrategy.ServerSide"/> (the default) dry-runs a server-side apply of each
    /// object that exists; an object for which the server refuses it falls back to three-way, with the reason kept.
    /// </summary>
    public DiffStrategy Strategy { get; init; } = DiffStrategy.ServerSide;

    /// <summary>Status comparison, ignore rules and extra normalizers.</summary>
    public DiffOptions DiffOptions { get; init; } = new();

    /// <summary>Also write the <c>app.kubernetes.io/instance</c> label, as the applier will.</summary>
    public bool InstanceLabel { get; init; }

    /// <summary>
    /// Which kinds to search for extraneous objects besides the desired kinds: <see langword="null"/> (the default)
    /// for every kind the server can list, or a given set (such as the kinds of the last sync) to spare list requests.
    /// </summary>
    public IReadOnlyCollection<GroupVersionKind>? ExtraneousKinds { get; init; }

    /// <summary>
    /// A live-state cache of the same cluster to read from instead of listing (one-shot mode when
    /// <see langword="null"/>, the default, as a command line wants).
    /// </summary>
    public GitOps.Cluster.LiveStateCache? LiveState { get; init; }

    /// <summary>Dry-run every object afresh instead of reusing cached dry-run results (a hard refresh).</summary>
    public bool SkipDryRunCache { get; init; }

    /// <summary>The field manager of server-side dry runs, the same the applier uses. Default <c>gitops-dotnet</c>.</summary>
    public string FieldManager { get; init; } = "gitops-dotnet";
}
