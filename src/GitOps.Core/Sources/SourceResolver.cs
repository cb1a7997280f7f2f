using GitOps.Sources.Git;

namespace GitOps.Sources;

/// <summary>Sends Git sources to <see cref="IGitSource"/> and opens local directories directly.</summary>
internal sealed class SourceResolver(IGitSource git) : ISourceResolver
{
    public async Task<ISourceTree> OpenAsync(SourceReference source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.IsGit
            ? await git.OpenAsync(source.Location, source.TargetRevision, cancellationToken).ConfigureAwait(false)
            : new LocalDirectorySourceTree(source.Location);
    }
}
