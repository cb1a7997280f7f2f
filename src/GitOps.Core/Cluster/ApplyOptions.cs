namespace GitOps.Cluster;

/// <summary>How a server-side apply is made.</summary>
public sealed record ApplyOptions
{
    /// <summary>The field manager that owns what is applied. Default <c>gitops-dotnet</c>.</summary>
    public string FieldManager { get; init; } = "gitops-dotnet";

    /// <summary>Take over fields other managers own instead of failing with a conflict.</summary>
    public bool Force { get; init; }

    /// <summary>Validate and default on the server, store nothing.</summary>
    public bool DryRun { get; init; }
}
