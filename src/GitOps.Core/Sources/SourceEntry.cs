namespace GitOps.Sources;

/// <summary>One file or directory of a source tree.</summary>
/// <param name="Path">The path relative to the tree's root, with <c>/</c> separators and no leading slash.</param>
/// <param name="Kind">What the path is.</param>
/// <param name="Size">The size in bytes of a file (or of a link's target text); 0 for directories.</param>
public sealed record SourceEntry(string Path, SourceEntryKind Kind, long Size)
{
    /// <summary>
    /// For a file, what <see cref="ISourceTree.GetContentId"/> gives for its path, when the tree knows it while
    /// listing (a Git blob id); otherwise <see langword="null"/>, and callers ask <see cref="ISourceTree.GetContentId"/>.
    /// </summary>
    public string? ContentId { get; init; }

    /// <summary>The last segment of <see cref="Path"/>.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
}
