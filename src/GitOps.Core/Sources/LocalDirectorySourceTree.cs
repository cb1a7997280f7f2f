namespace GitOps.Sources;

/// <summary>
/// A plain local directory as a source tree, for development and tests: no Git, no revision. Symbolic links are
/// followed only while they stay inside the directory.
/// </summary>
public sealed class LocalDirectorySourceTree : ISourceTree
{
    private const int MaxLinkHops = 40;
    private readonly string _root;

    /// <summary>Opens a directory.</summary>
    /// <param name="rootDirectory">The directory that plays the repository root.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public LocalDirectorySourceTree(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"Source directory '{rootDirectory}' does not exist.");
        }
    }

    /// <inheritdoc />
    public string Origin => _root;

    /// <inheritdoc />
    public string? Revision => null;

    /// <inheritdoc />
    public SourceEntry? GetEntry(string path)
    {
        var normalized = SourcePath.Normalize(path);
        if (normalized.Length == 0)
        {
            return new SourceEntry(string.Empty, SourceEntryKind.Directory, 0);
        }

        var parent = ResolveDirectory(SourcePath.GetDirectory(normalized), path, throwIfMissing: false);
        if (parent is null)
        {
            return null;
        }

        var name = normalized[(normalized.LastIndexOf('/') + 1)..];
        return Describe(normalized, Path.Combine(ToFull(parent), name));
    }

    /// <inheritdoc />
    public IReadOnlyList<SourceEntry> ListDirectory(string path)
    {
        var normalized = SourcePath.Normalize(path);
        var resolved = ResolveDirectory(normalized, path, throwIfMissing: true)!;
        var full = ToFull(resolved);
        var entries = new List<SourceEntry>();
        foreach (var child in new DirectoryInfo(full).EnumerateFileSystemInfos())
        {
            var childPath = normalized.Length == 0 ? child.Name : normalized + "/" + child.Name;
            if (Describe(childPath, child.FullName) is { } entry)
            {
                entries.Add(entry);
            }
        }

        // One folder's paths share everything before the name, so they sort as the names do (Name makes a string).
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <inheritdoc />
    public async ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        var normalized = SourcePath.Normalize(path);
        var resolved = ResolveFile(normalized, path);
        return await File.ReadAllBytesAsync(ToFull(resolved), cancellationToken).ConfigureAwait(false);
    }

    private string ToFull(string relative) =>
        relative.Length == 0 ? _root : Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static SourceEntry? Describe(string relative, string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is { } target)
        {
            return new SourceEntry(relative, SourceEntryKind.Symlink, target.Length);
        }

        if (info.Exists)
        {
            return new SourceEntry(relative, SourceEntryKind.File, info.Length);
        }

        return Directory.Exists(full) ? new SourceEntry(relative, SourceEntryKind.Directory, 0) : null;
    }

    // Walks the path a segment at a time so that links in the middle are checked too, not only the last one.
    private string? Resolve(string normalized, string original, out SourceEntryKind kind)
    {
        var hops = 0;
        var pending = new Queue<string>(normalized.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = string.Empty;
        kind = SourceEntryKind.Directory;
        while (pending.Count > 0)
        {
            var segment = pending.Dequeue();
            var candidate = current.Length == 0 ? segment : current + "/" + segment;
            var full = ToFull(candidate);
            var info = new FileInfo(full);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                {
                    throw new SourcePathException(SourcePathError.TooManyLinks, $"Path '{original}' has too many levels of symbolic links.");
                }

                var resolvedTarget = SourcePath.ResolveLink(candidate, target);
                var rest = pending.ToArray();
                pending.Clear();
                foreach (var part in resolvedTarget.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest))
                {
                    pending.Enqueue(part);
                }

                current = string.Empty;
                continue;
            }

            if (info.Exists)
            {
                if (pending.Count > 0)
                {
                    throw new SourcePathException(SourcePathError.NotADirectory, $"Path '{original}': '{candidate}' is a file, not a directory.");
                }

                kind = SourceEntryKind.File;
                return candidate;
            }

            if (!Directory.Exists(full))
            {
                return null;
            }

            current = candidate;
        }

        kind = SourceEntryKind.Directory;
        return current;
    }

    private string? ResolveDirectory(string normalized, string original, bool throwIfMissing)
    {
        var resolved = Resolve(normalized, original, out var kind);
        if (resolved is null)
        {
            return throwIfMissing ? throw new SourcePathException(SourcePathError.NotFound, $"Directory '{original}' does not exist in {_root}.") : null;
        }

        return kind == SourceEntryKind.Directory
            ? resolved
            : throw new SourcePathException(SourcePathError.NotADirectory, $"Path '{original}' is a file, not a directory.");
    }

    private string ResolveFile(string normalized, string original)
    {
        var resolved = Resolve(normalized, original, out var kind)
            ?? throw new SourcePathException(SourcePathError.NotFound, $"File '{original}' does not exist in {_root}.");
        return kind == SourceEntryKind.File
            ? resolved
            : throw new SourcePathException(SourcePathError.NotAFile, $"Path '{original}' is a directory, not a file.");
    }
}
