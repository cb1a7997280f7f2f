namespace GitOps.Rendering;

/// <summary>What a renderer may need to know about the application and the cluster it renders for.</summary>
public sealed record RenderContext
{
    /// <summary>The application's name (Helm's default release name).</summary>
    public string ApplicationName { get; init; } = string.Empty;

    /// <summary>The destination namespace; empty when not set.</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>The target cluster's Kubernetes version (such as <c>1.33.0</c>), when known.</summary>
    public string? KubeVersion { get; init; }

    /// <summary>The API versions the cluster serves (<c>group/version</c> and <c>group/version/Kind</c>), when known.</summary>
    public IReadOnlyList<string> ApiVersions { get; init; } = [];
}
