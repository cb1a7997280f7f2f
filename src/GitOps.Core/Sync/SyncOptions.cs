using GitOps.Apply;
using GitOps.Cluster;

namespace GitOps.Sync;

/// <summary>How one sync operation runs (Argo CD's sync options and operation settings).</summary>
public sealed record SyncOptions
{
    /// <summary>What to do with extraneous objects. Default <see cref="PruneMode.Off"/>.</summary>
    public PruneMode Prune { get; init; } = PruneMode.Off;

    /// <summary>Prune after every wave instead of in the objects' own waves.</summary>
    public bool PruneLast { get; init; }

    /// <summary>How dependents of pruned objects go. Default foreground.</summary>
    public PropagationPolicy PrunePropagation { get; init; } = PropagationPolicy.Foreground;

    /// <summary>Run every step as a server dry run and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>How objects are written. Default server-side apply.</summary>
    public ApplyStrategy Strategy { get; init; } = ApplyStrategy.ServerSide;

    /// <summary>The field manager. Default <c>gitops-dotnet</c>.</summary>
    public string FieldManager { get; init; } = "gitops-dotnet";

    /// <summary>Server-side apply takes over fields of other managers. Default <see langword="true"/>, as Argo CD.</summary>
    public bool ForceConflicts { get; init; } = true;

    /// <summary>Delete and re-create an object whose immutable fields changed.</summary>
    public bool RecreateOnImmutableChange { get; init; }

    /// <summary>Write only objects that are out of sync or missing; synced ones cost no request.</summary>
    public bool ApplyOutOfSyncOnly { get; init; }

    /// <summary>Create the destination namespace first when it does not exist.</summary>
    public bool CreateNamespace { get; init; }

    /// <summary>
    /// Keep the live values of the fields the ignore rules cover when applying (Argo CD's RespectIgnoreDifferences), so a
    /// sync does not undo what the rules leave alone.
    /// </summary>
    public bool RespectIgnoreDifferences { get; init; }

    /// <summary>Objects per wave written at once. Default 8.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>The whole operation's time limit. Default 30 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often health is checked while waiting between waves and for hooks. Default 1 second.</summary>
    public TimeSpan HealthPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of transient API failures.</summary>
    public SyncRetryPolicy Retry { get; init; } = new();
}
