namespace GitOps.Cluster;

/// <summary>Which objects to list.</summary>
public sealed record ListOptions
{
    /// <summary>A label selector such as <c>app=web,tier!=cache</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector such as <c>metadata.name=web</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Objects per page; lists are paginated with <c>limit</c> and <c>continue</c>. Default 500.</summary>
    public int PageSize { get; init; } = 500;
}
