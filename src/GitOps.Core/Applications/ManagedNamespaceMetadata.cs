namespace GitOps.Applications;

/// <summary>Labels and annotations put on the destination namespace when the sync creates it.</summary>
public sealed record ManagedNamespaceMetadata
{
    /// <summary>The labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
