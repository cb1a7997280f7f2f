namespace GitOps.Applications;

/// <summary>When and how an application syncs (Argo CD's <c>spec.syncPolicy</c>).</summary>
public sealed record ApplicationSyncPolicy
{
    /// <summary>Automated sync, or <see langword="null"/> for manual syncs only.</summary>
    public AutomatedSyncPolicy? Automated { get; init; }

    /// <summary>Sync options such as <c>CreateNamespace=true</c>; see <see cref="ApplicationSyncOptions"/>.</summary>
    public IReadOnlyList<string> SyncOptions { get; init; } = [];

    /// <summary>Retries of failed syncs, or <see langword="null"/> for none.</summary>
    public SyncAttemptRetryPolicy? Retry { get; init; }

    /// <summary>Labels and annotations for a namespace created by <c>CreateNamespace=true</c>, or <see langword="null"/>.</summary>
    public ManagedNamespaceMetadata? ManagedNamespaceMetadata { get; init; }

    /// <summary>Whether automated sync is on.</summary>
    public bool IsAutomated => Automated is { Enabled: true };
}
