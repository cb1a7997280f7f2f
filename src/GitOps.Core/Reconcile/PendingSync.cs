using GitOps.Applications;
using GitOps.Sync;

namespace GitOps.Reconcile;

/// <summary>An automated sync a reconcile decided on; run it with <see cref="ApplicationReconciler.SyncAsync"/>.</summary>
public sealed record PendingSync
{
    /// <summary>The application.</summary>
    public required Application Application { get; init; }

    /// <summary>The request for the sync engine.</summary>
    public required SyncRequest Request { get; init; }

    /// <summary>Whether this is a self-heal of drift (the revision was synced before).</summary>
    public bool SelfHeal { get; init; }

    internal string SpecHash { get; init; } = string.Empty;
}
