namespace GitOps.Applications;

/// <summary>Where an application is deployed.</summary>
public sealed record ApplicationDestination
{
    /// <summary>The cluster's API server URL (<c>server</c>), or <see langword="null"/>.</summary>
    public string? Server { get; init; }

    /// <summary>The cluster's name (<c>name</c>), or <see langword="null"/>; exclusive with <see cref="Server"/>.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace for namespaced objects that name none; empty when not given.</summary>
    public string Namespace { get; init; } = string.Empty;
}
