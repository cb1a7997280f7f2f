using GitOps.Cluster;
using GitOps.Manifests;

namespace GitOps.Sync;

/// <summary>One thing a sync does: apply an object, run a hook, or prune an extraneous object.</summary>
internal sealed class SyncTask
{
    public required ResourceKey Key { get; init; }

    public required string ApiVersion { get; init; }

    public required SyncPhase Phase { get; init; }

    public required int Wave { get; set; }

    public ManifestObject? Desired { get; init; }

    public ManifestObject? Live { get; set; }

    public bool IsHook { get; init; }

    public bool IsPrune { get; init; }

    /// <summary>Whether the object was in sync already (ApplyOutOfSyncOnly skips it).</summary>
    public bool Synced { get; init; }

    public ApiResource? Resource { get; set; }

    public HookDeletePolicy DeletePolicy { get; init; }

    public string Step => $"{Phase}/{Wave}";

    public int KindRank => KindOrder.Of(Key.Kind);

    public override string ToString() => (Desired ?? Live)?.ToString() ?? Key.ToString();
}
