namespace GitOps.Reconcile;

/// <summary>The condition types a reconcile reports; the names follow Argo CD's.</summary>
public static class ApplicationConditionTypes
{
    /// <summary>The revision could not be resolved or the manifests could not be rendered.</summary>
    public const string ComparisonError = "ComparisonError";

    /// <summary>An automated sync failed or was refused.</summary>
    public const string SyncError = "SyncError";

    /// <summary>The application's specification is invalid.</summary>
    public const string InvalidSpecError = "InvalidSpecError";

    /// <summary>The live state drifted and self-heal is off, so the drift is only reported.</summary>
    public const string DriftWarning = "DriftWarning";

    /// <summary>An automated sync waits: a sync window denies it or a dependency is not Synced and Healthy.</summary>
    public const string SyncBlockedWarning = "SyncBlockedWarning";

    /// <summary>The application's manifest has fields that are ignored or not supported (read from an Application resource).</summary>
    public const string SpecWarning = "SpecWarning";
}
