namespace GitOps.Applications;

/// <summary>An application's object metadata.</summary>
public sealed record ApplicationMetadata
{
    /// <summary>The name (<c>metadata.name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The namespace (<c>metadata.namespace</c>); empty when not given.</summary>
    public string Namespace { get; init; } = string.Empty;

    /// <summary>The labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
