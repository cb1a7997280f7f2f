namespace GitOps.Sync;

/// <summary>What a sync does with extraneous tracked objects.</summary>
public enum PruneMode
{
    /// <summary>Leave them (reported as PruneSkipped). The default.</summary>
    Off,

    /// <summary>Delete them.</summary>
    On,

    /// <summary>Delete them once <see cref="SyncRequest.ConfirmPruneAsync"/> confirms; until then the operation waits.</summary>
    Confirm,
}
