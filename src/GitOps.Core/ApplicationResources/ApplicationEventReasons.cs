namespace GitOps.ApplicationResources;

/// <summary>The reasons of the Kubernetes Events recorded on Application resources; the names are Argo CD's.</summary>
public static class ApplicationEventReasons
{
    /// <summary>A sync operation started.</summary>
    public const string OperationStarted = "OperationStarted";

    /// <summary>A sync operation ended (succeeded, failed or errored).</summary>
    public const string OperationCompleted = "OperationCompleted";

    /// <summary>The sync or health status changed (Argo CD uses this reason for both).</summary>
    public const string ResourceUpdated = "ResourceUpdated";

    /// <summary>The Application's spec has errors, so it is not reconciled.</summary>
    public const string InvalidSpec = "InvalidSpec";
}
