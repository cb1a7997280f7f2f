namespace GitOps.Applications;

/// <summary>The objects a Kustomize patch applies to; an unset field matches anything.</summary>
public sealed record KustomizePatchTarget
{
    /// <summary>The API group.</summary>
    public string? Group { get; init; }

    /// <summary>The API version.</summary>
    public string? Version { get; init; }

    /// <summary>The kind.</summary>
    public string? Kind { get; init; }

    /// <summary>The name (a regular expression in Kustomize).</summary>
    public string? Name { get; init; }

    /// <summary>The namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>A label selector.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>An annotation selector.</summary>
    public string? AnnotationSelector { get; init; }
}
