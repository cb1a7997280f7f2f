namespace GitOps.Sources;

/// <summary>
/// Opens the files of a <see cref="SourceReference"/>, whether it is a Git repository or a plain directory, so that
/// callers need not care which.
/// </summary>
public interface ISourceResolver
{
    /// <summary>Opens a source.</summary>
    /// <param name="source">The source.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The tree; for Git its <see cref="ISourceTree.Revision"/> is the resolved commit SHA.</returns>
    /// <exception cref="Git.GitSourceException">A Git source could not be fetched or resolved.</exception>
    /// <exception cref="DirectoryNotFoundException">A local directory does not exist.</exception>
    Task<ISourceTree> OpenAsync(SourceReference source, CancellationToken cancellationToken = default);
}
