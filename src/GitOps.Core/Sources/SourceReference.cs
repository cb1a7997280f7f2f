using GitOps.Sources.Git;

namespace GitOps.Sources;

/// <summary>Where an application's files come from: a Git repository at a revision, or a local directory.</summary>
/// <param name="Location">
/// A Git URL (<c>https://</c>, <c>http://</c>, <c>file://</c>, <c>ssh://</c> or <c>user@host:path</c>), or a local
/// path.
/// </param>
/// <param name="TargetRevision">
/// For Git: a branch, tag, commit SHA, <c>HEAD</c> or semver range; <see langword="null"/> means <c>HEAD</c>.
/// For a local path: <see langword="null"/> reads the directory as it is; a revision reads the Git repository at that path.
/// </param>
public sealed record SourceReference(string Location, string? TargetRevision = null)
{
    /// <summary>
    /// Whether this is a Git source: a URL always is; a local path is one only when a target revision is given.
    /// </summary>
    public bool IsGit => GitRepositoryUrl.LooksLikeUrl(Location) || !string.IsNullOrWhiteSpace(TargetRevision);
}
