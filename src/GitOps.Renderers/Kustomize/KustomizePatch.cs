namespace GitOps.Renderers.Kustomize;

/// <summary>
/// A patch added to the kustomization (Argo CD's <c>kustomize.patches</c>): a strategic-merge patch or a JSON 6902
/// patch (YAML or JSON list of operations), inline or from a file relative to the application folder.
/// </summary>
public sealed record KustomizePatch
{
    /// <summary>The patch text.</summary>
    public string? Patch { get; init; }

    /// <summary>A patch file relative to the application folder; it may not leave the repository.</summary>
    public string? Path { get; init; }

    /// <summary>The objects it applies to; required for JSON 6902 patches.</summary>
    public KustomizePatchTarget? Target { get; init; }
}
