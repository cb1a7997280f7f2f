namespace GitOps.Sources;

/// <summary>
/// The files of one revision of a source, read-only: a Git commit read straight from the object database, or a
/// local directory. Paths are relative to the root, use <c>/</c> separators and may not leave the root.
/// </summary>
/// <remarks>Implementations are safe for concurrent readers.</remarks>
public interface ISourceTree
{
    /// <summary>Where the files come from, safe to show (credentials are never part of it).</summary>
    string Origin { get; }

    /// <summary>The resolved revision: a full commit SHA for Git, <see langword="null"/> for a plain directory.</summary>
    string? Revision { get; }

    /// <summary>Looks a path up; <see langword="null"/> when nothing is there.</summary>
    /// <param name="path">A relative path; <c>""</c> or <c>.</c> is the root.</param>
    /// <exception cref="SourcePathException">The path is absolute or leaves the root.</exception>
    SourceEntry? GetEntry(string path);

    /// <summary>Lists the direct children of a directory in ordinal order of their names.</summary>
    /// <param name="path">A relative directory path; <c>""</c> or <c>.</c> is the root.</param>
    /// <exception cref="SourcePathException">The path is absolute, leaves the root, or is not a directory.</exception>
    IReadOnlyList<SourceEntry> ListDirectory(string path);

    /// <summary>Reads a whole file, following a symbolic link if its target stays inside the tree.</summary>
    /// <param name="path">A relative file path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="SourcePathException">The path is invalid, missing, not a file, or a link leading outside the tree.</exception>
    ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// An identifier of a file's content, such as Git's blob SHA: two files of trees with the same <see cref="Origin"/>
    /// and the same content id have the same bytes, so work derived from the bytes alone (parsing, say) can be reused
    /// across revisions. Links are followed as by <see cref="ReadFileAsync"/>.
    /// </summary>
    /// <param name="path">A relative file path.</param>
    /// <returns>
    /// The identifier; <see langword="null"/> when the tree has none cheaply at hand (the default, and a plain
    /// directory's answer) or when the path is not a readable file, in which case <see cref="ReadFileAsync"/> says why.
    /// </returns>
    string? GetContentId(string path) => null;
}
