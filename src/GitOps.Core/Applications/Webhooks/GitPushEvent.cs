namespace GitOps.Applications.Webhooks;

/// <summary>A push to a Git repository, normalized from any provider's webhook payload.</summary>
public sealed record GitPushEvent
{
    /// <summary>Who sent it.</summary>
    public required GitWebhookProvider Provider { get; init; }

    /// <summary>Every URL the payload gives for the repository (web, HTTPS clone, SSH clone).</summary>
    public required IReadOnlyList<string> RepositoryUrls { get; init; }

    /// <summary>The full ref pushed, such as <c>refs/heads/main</c> or <c>refs/tags/v1.2.0</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>The commit the ref pointed to before, or <see langword="null"/> when the payload does not say or the ref is new.</summary>
    public string? Before { get; init; }

    /// <summary>The commit the ref points to now, or <see langword="null"/> when the payload does not say or the ref was deleted.</summary>
    public string? After { get; init; }

    /// <summary>The repository's default branch, or <see langword="null"/> when the payload does not say.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>Whether the ref was deleted.</summary>
    public bool Deleted { get; init; }

    /// <summary>Files added, changed or removed by the pushed commits, repository-relative.</summary>
    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    /// <summary>
    /// Whether <see cref="ChangedFiles"/> is complete. It is not when the provider lists no files (Bitbucket Cloud, a
    /// new tag) or truncates the commit list; every application of the repository is then concerned.
    /// </summary>
    public bool ChangedFilesKnown { get; init; }

    /// <summary>Whether a tag was pushed.</summary>
    public bool IsTag => Ref.StartsWith("refs/tags/", StringComparison.Ordinal);

    /// <summary>The branch or tag name: <see cref="Ref"/> without <c>refs/heads/</c> or <c>refs/tags/</c>.</summary>
    public string Revision =>
        Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? Ref["refs/heads/".Length..]
        : Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? Ref["refs/tags/".Length..]
        : Ref;

    /// <summary>Whether the push moved the default branch, as far as the payload tells.</summary>
    public bool TouchedDefaultBranch => !IsTag && DefaultBranch is not null && string.Equals(Revision, DefaultBranch, StringComparison.Ordinal);

    /// <summary>
    /// Whether the push may have moved the default branch: it did, or it pushed a branch and the payload does not name
    /// the default branch (so applications following <c>HEAD</c> refresh and resolve for themselves, as in Argo CD).
    /// </summary>
    public bool MayHaveTouchedDefaultBranch => !IsTag && (DefaultBranch is null || TouchedDefaultBranch);
}
