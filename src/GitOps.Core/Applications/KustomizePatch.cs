namespace GitOps.Applications;

/// <summary>A Kustomize patch: inline (<see cref="Patch"/>) or a file (<see cref="Path"/>), for the objects a target selects.</summary>
public sealed record KustomizePatch
{
    /// <summary>A patch file relative to the source path, or <see langword="null"/>.</summary>
    public string? Path { get; init; }

    /// <summary>An inline strategic-merge or JSON 6902 patch, or <see langword="null"/>.</summary>
    public string? Patch { get; init; }

    /// <summary>Which objects the patch applies to; <see langword="null"/> for those the patch itself names.</summary>
    public KustomizePatchTarget? Target { get; init; }

    /// <summary>Patch options such as <c>allowNameChange</c> and <c>allowKindChange</c>.</summary>
    public IReadOnlyDictionary<string, bool> Options { get; init; } = new Dictionary<string, bool>();
}
