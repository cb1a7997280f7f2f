namespace GitOps.Renderers.Kustomize;

/// <summary>Which objects a patch applies to; unset fields match anything.</summary>
public sealed record KustomizePatchTarget
{
    /// <summary>The API group.</summary>
    public string? Group { get; init; }

    /// <summary>The API version.</summary>
    public string? Version { get; init; }

    /// <summary>The kind.</summary>
    public string? Kind { get; init; }

    /// <summary>The name (a regular expression for kustomize).</summary>
    public string? Name { get; init; }

    /// <summary>The namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>A label selector.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>An annotation selector.</summary>
    public string? AnnotationSelector { get; init; }
}
