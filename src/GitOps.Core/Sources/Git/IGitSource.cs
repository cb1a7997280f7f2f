namespace GitOps.Sources.Git;

/// <summary>
/// Git repositories as sources: resolves target revisions to commits and opens the files of a commit, keeping a
/// cache of bare repositories on disk that is fetched incrementally.
/// </summary>
/// <remarks>
/// A repository is an https, http or file URL, a local path, or an ssh URL (<c>ssh://</c> or <c>user@host:path</c>).
/// HTTP(S) credentials come from the <see cref="IGitCredentialProvider"/> or the URL. SSH goes through the machine's
/// own <c>ssh</c> program (libgit2's exec transport; <c>GIT_SSH_COMMAND</c> is honored), so keys, agent and
/// known_hosts come from the OpenSSH setup of the account, not from the credential provider; SSH failures are
/// reported as <see cref="GitSourceErrorKind.Network"/> because that transport does not pass the ssh client's error
/// text on. A libgit2 build without SSH fails with <see cref="GitSourceErrorKind.UnsupportedProtocol"/>. A target revision is a
/// branch, a tag (annotated or lightweight), a full or short commit SHA, <c>HEAD</c> (also for empty or
/// <see langword="null"/>), or a <see cref="Versioning.SemVersionRange"/> picking the highest matching tag. Names are
/// matched against the remote's references first, in Argo CD's order: exact reference names, then short SHAs,
/// then semver ranges.
/// </remarks>
public interface IGitSource
{
    /// <summary>Resolves a target revision to a full commit SHA, fetching when the commit is not cached yet.</summary>
    /// <param name="repositoryUrl">The repository URL or local path.</param>
    /// <param name="targetRevision">The target revision; <see langword="null"/> or empty means <c>HEAD</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The 40-character commit SHA.</returns>
    /// <exception cref="GitSourceException">The repository or revision could not be reached or resolved.</exception>
    Task<string> ResolveRevisionAsync(string repositoryUrl, string? targetRevision, CancellationToken cancellationToken = default);

    /// <summary>Resolves a target revision and opens its files from the cache, without a checkout.</summary>
    /// <param name="repositoryUrl">The repository URL or local path.</param>
    /// <param name="targetRevision">The target revision; <see langword="null"/> or empty means <c>HEAD</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tree; its <see cref="ISourceTree.Revision"/> is the commit SHA.</returns>
    /// <exception cref="GitSourceException">The repository or revision could not be reached or resolved.</exception>
    Task<ISourceTree> OpenAsync(string repositoryUrl, string? targetRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the files of a revision into a new folder, for tools that need real files. Symbolic links are recreated
    /// pointing inside the folder; a link whose target leaves the tree fails the whole operation. Dispose the result
    /// to delete the folder.
    /// </summary>
    /// <param name="repositoryUrl">The repository URL or local path.</param>
    /// <param name="targetRevision">The target revision; <see langword="null"/> or empty means <c>HEAD</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The folder, deleted on dispose.</returns>
    /// <exception cref="GitSourceException">The repository or revision could not be reached or resolved.</exception>
    /// <exception cref="SourcePathException">A symbolic link points outside the tree.</exception>
    Task<MaterializedSource> MaterializeAsync(string repositoryUrl, string? targetRevision, CancellationToken cancellationToken = default);
}
