using System.Text;
using LibGit2Sharp;

namespace GitOps.Sources.Git;

/// <summary>
/// The files of one commit, read straight from the cached repository's object database: no checkout. Safe for
/// concurrent readers: each call borrows its own repository handle. Symbolic links (mode 120000) are followed only
/// while their targets stay inside the tree; submodules are listed as <see cref="SourceEntryKind.Submodule"/>.
/// </summary>
internal sealed class GitSourceTree : ISourceTree
{
    private const int MaxLinkHops = 40;
    private readonly CachedRepository _repository;
    private readonly ObjectId _treeId;

    public GitSourceTree(CachedRepository repository, string commitSha, ObjectId treeId)
    {
        _repository = repository;
        _treeId = treeId;
        Revision = commitSha;
    }

    public string Origin => _repository.Url.Normalized;

    public string Revision { get; }

    string? ISourceTree.Revision => Revision;

    public SourceEntry? GetEntry(string path)
    {
        var normalized = SourcePath.Normalize(path);
        if (normalized.Length == 0)
        {
            return new SourceEntry(string.Empty, SourceEntryKind.Directory, 0);
        }

        using var lease = _repository.Rent();
        var root = lease.Repository.Lookup<Tree>(_treeId);
        var parent = Resolve(root, SourcePath.GetDirectory(normalized), path);
        if (parent is not { Kind: SourceEntryKind.Directory, Tree: { } directory })
        {
            return null;
        }

        var entry = directory[normalized[(normalized.LastIndexOf('/') + 1)..]];
        return entry is null ? null : Describe(normalized, entry);
    }

    public IReadOnlyList<SourceEntry> ListDirectory(string path)
    {
        var normalized = SourcePath.Normalize(path);
        using var lease = _repository.Rent();
        var root = lease.Repository.Lookup<Tree>(_treeId);
        var resolved = Resolve(root, normalized, path)
            ?? throw new SourcePathException($"Directory '{path}' does not exist in {Origin} at {Revision}.");
        if (resolved.Tree is not { } tree)
        {
            throw new SourcePathException($"Path '{path}' in {Origin} at {Revision} is not a directory.");
        }

        var entries = new List<SourceEntry>(tree.Count);
        foreach (var child in tree)
        {
            entries.Add(Describe(normalized.Length == 0 ? child.Name : normalized + "/" + child.Name, child));
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = SourcePath.Normalize(path);
        using var lease = _repository.Rent();
        var root = lease.Repository.Lookup<Tree>(_treeId);
        var resolved = Resolve(root, normalized, path)
            ?? throw new SourcePathException($"File '{path}' does not exist in {Origin} at {Revision}.");
        return resolved.Blob is { } blob
            ? ValueTask.FromResult(ReadAll(blob))
            : throw new SourcePathException($"Path '{path}' in {Origin} at {Revision} is a {Kind(resolved)}, not a file.");
    }

    /// <summary>Writes the tree into an empty folder. Links are recreated with targets rewritten to stay inside.</summary>
    internal void WriteTo(string directory, CancellationToken cancellationToken)
    {
        using var lease = _repository.Rent();
        var root = lease.Repository.Lookup<Tree>(_treeId);
        WriteTree(root, string.Empty, directory, cancellationToken);
    }

    private static void WriteTree(Tree tree, string relative, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        foreach (var entry in tree)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var childRelative = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            var target = System.IO.Path.Combine(directory, entry.Name);
            switch (entry.Mode)
            {
                case Mode.Directory:
                    WriteTree((Tree)entry.Target, childRelative, target, cancellationToken);
                    break;
                case Mode.SymbolicLink:
                    // Recreate the link as "../" steps up real directories plus the lexically resolved target, so the
                    // operating system's own resolution cannot leave the folder either.
                    var resolved = SourcePath.ResolveLink(childRelative, LinkText((Blob)entry.Target));
                    File.CreateSymbolicLink(target, RelativeLinkText(SourcePath.GetDirectory(childRelative), resolved));
                    break;
                case Mode.GitLink:
                    Directory.CreateDirectory(target);
                    break;
                default:
                    File.WriteAllBytes(target, ReadAll((Blob)entry.Target));
                    if (entry.Mode == Mode.ExecutableFile && !OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                    }

                    break;
            }
        }
    }

    private static string RelativeLinkText(string linkDirectory, string target)
    {
        var from = linkDirectory.Length == 0 ? [] : linkDirectory.Split('/');
        var to = target.Length == 0 ? [] : target.Split('/');
        var common = 0;
        while (common < from.Length && common < to.Length && from[common] == to[common])
        {
            common++;
        }

        var parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common)).ToList();
        return parts.Count == 0 ? "." : string.Join(System.IO.Path.DirectorySeparatorChar, parts);
    }

    private static byte[] ReadAll(Blob blob)
    {
        using var stream = blob.GetContentStream();
        var bytes = new byte[blob.Size];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string LinkText(Blob blob) => Encoding.UTF8.GetString(ReadAll(blob));

    private static SourceEntry Describe(string path, TreeEntry entry) => entry.Mode switch
    {
        Mode.Directory => new SourceEntry(path, SourceEntryKind.Directory, 0),
        Mode.GitLink => new SourceEntry(path, SourceEntryKind.Submodule, 0),
        Mode.SymbolicLink => new SourceEntry(path, SourceEntryKind.Symlink, ((Blob)entry.Target).Size),
        _ => new SourceEntry(path, SourceEntryKind.File, ((Blob)entry.Target).Size),
    };

    private static string Kind(Resolved resolved) => resolved.Kind switch
    {
        SourceEntryKind.Directory => "directory",
        SourceEntryKind.Submodule => "submodule",
        _ => "file",
    };

    // Walks a segment at a time so that links in the middle of a path are checked too, not only the last one.
    private Resolved? Resolve(Tree root, string normalized, string original)
    {
        var hops = 0;
        var pending = new Queue<string>(normalized.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = root;
        var currentPath = string.Empty;
        while (pending.Count > 0)
        {
            var segment = pending.Dequeue();
            var candidate = currentPath.Length == 0 ? segment : currentPath + "/" + segment;
            var entry = current[segment];
            if (entry is null)
            {
                return null;
            }

            switch (entry.Mode)
            {
                case Mode.Directory:
                    current = (Tree)entry.Target;
                    currentPath = candidate;
                    continue;
                case Mode.SymbolicLink:
                    if (++hops > MaxLinkHops)
                    {
                        throw new SourcePathException($"Path '{original}' in {Origin} has too many levels of symbolic links.");
                    }

                    var target = SourcePath.ResolveLink(candidate, LinkText((Blob)entry.Target));
                    var rest = pending.ToArray();
                    pending.Clear();
                    foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest))
                    {
                        pending.Enqueue(part);
                    }

                    current = root;
                    currentPath = string.Empty;
                    continue;
                case Mode.GitLink:
                    return pending.Count == 0
                        ? new Resolved(SourceEntryKind.Submodule, null, null)
                        : throw new SourcePathException($"Path '{original}': '{candidate}' is a submodule, whose files are not part of {Origin}.");
                default:
                    return pending.Count == 0
                        ? new Resolved(SourceEntryKind.File, null, (Blob)entry.Target)
                        : throw new SourcePathException($"Path '{original}': '{candidate}' is a file, not a directory.");
            }
        }

        return new Resolved(SourceEntryKind.Directory, current, null);
    }

    private sealed record Resolved(SourceEntryKind Kind, Tree? Tree, Blob? Blob);
}
