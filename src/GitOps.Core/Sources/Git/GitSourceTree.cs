using System.Collections.Concurrent;
using System.Text;
using LibGit2Sharp;

namespace GitOps.Sources.Git;

/// <summary>
/// The files of one commit, read straight from the cached repository's object database: no checkout. Safe for
/// concurrent readers: directory listings are indexed once per tree (Git objects never change), and a repository
/// handle is borrowed only when something must come from the object database. Symbolic links (mode 120000) are
/// followed only while their targets stay inside the tree; submodules are listed as
/// <see cref="SourceEntryKind.Submodule"/>.
/// </summary>
internal sealed class GitSourceTree : ISourceTree
{
    private const int MaxLinkHops = 40;
    private readonly CachedRepository _repository;
    private readonly ObjectId _rootId;
    private readonly ConcurrentDictionary<ObjectId, string> _links = new();

    public GitSourceTree(CachedRepository repository, string commitSha, ObjectId treeId)
    {
        _repository = repository;
        _rootId = treeId;
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

        using var handle = new Handle(_repository);
        var parent = Resolve(handle, SourcePath.GetDirectory(normalized), path);
        if (parent is not { Kind: SourceEntryKind.Directory } directory)
        {
            return null;
        }

        return Entries(handle, directory.Id).TryGetValue(normalized[(normalized.LastIndexOf('/') + 1)..], out var node)
            ? Describe(handle, normalized, node)
            : null;
    }

    public IReadOnlyList<SourceEntry> ListDirectory(string path)
    {
        var normalized = SourcePath.Normalize(path);
        using var handle = new Handle(_repository);
        var resolved = Resolve(handle, normalized, path)
            ?? throw new SourcePathException($"Directory '{path}' does not exist in {Origin} at {Revision}.");
        if (resolved.Kind != SourceEntryKind.Directory)
        {
            throw new SourcePathException($"Path '{path}' in {Origin} at {Revision} is a {KindName(resolved.Kind)}, not a directory.");
        }

        var nodes = Entries(handle, resolved.Id);
        var entries = new List<SourceEntry>(nodes.Count);
        foreach (var node in nodes.Values)
        {
            entries.Add(Describe(handle, normalized.Length == 0 ? node.Name : normalized + "/" + node.Name, node));
        }

        // One folder's paths share everything before the name, so they sort as the names do (Name makes a string).
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = SourcePath.Normalize(path);
        using var handle = new Handle(_repository);
        var resolved = Resolve(handle, normalized, path)
            ?? throw new SourcePathException($"File '{path}' does not exist in {Origin} at {Revision}.");
        return resolved.Kind == SourceEntryKind.File
            ? ValueTask.FromResult(ReadBlob(handle, resolved.Id))
            : throw new SourcePathException($"Path '{path}' in {Origin} at {Revision} is a {KindName(resolved.Kind)}, not a file.");
    }

    /// <summary>The blob SHA of the file, after following links; <see langword="null"/> when it is not a readable file.</summary>
    public string? GetContentId(string path)
    {
        try
        {
            using var handle = new Handle(_repository);
            var resolved = Resolve(handle, SourcePath.Normalize(path), path);
            return resolved is { Kind: SourceEntryKind.File } file ? file.Id.Sha : null;
        }
        catch (SourcePathException)
        {
            // ReadFileAsync reports the problem with its full message; callers fall back to it.
            return null;
        }
    }

    /// <summary>Writes the tree into an empty folder. Links are recreated with targets rewritten to stay inside.</summary>
    internal void WriteTo(string directory, CancellationToken cancellationToken)
    {
        using var handle = new Handle(_repository);
        WriteTree(handle, _rootId, string.Empty, directory, cancellationToken);
    }

    private void WriteTree(Handle handle, ObjectId treeId, string relative, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        foreach (var node in Entries(handle, treeId).Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var childRelative = relative.Length == 0 ? node.Name : relative + "/" + node.Name;
            var target = Path.Combine(directory, node.Name);
            switch (node.Mode)
            {
                case Mode.Directory:
                    WriteTree(handle, node.Id, childRelative, target, cancellationToken);
                    break;
                case Mode.SymbolicLink:
                    // Recreate the link as "../" steps up real directories plus the lexically resolved target, so the
                    // operating system's own resolution cannot leave the folder either.
                    var resolved = SourcePath.ResolveLink(childRelative, LinkText(handle, node.Id));
                    File.CreateSymbolicLink(target, RelativeLinkText(SourcePath.GetDirectory(childRelative), resolved));
                    break;
                case Mode.GitLink:
                    Directory.CreateDirectory(target);
                    break;
                default:
                    File.WriteAllBytes(target, ReadBlob(handle, node.Id));
                    if (node.Mode == Mode.ExecutableFile && !OperatingSystem.IsWindows())
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
        return parts.Count == 0 ? "." : string.Join(Path.DirectorySeparatorChar, parts);
    }

    private IReadOnlyDictionary<string, GitTreeNode> Entries(Handle handle, ObjectId treeId)
    {
        if (_repository.TryGetTree(treeId, out var cached))
        {
            return cached;
        }

        var tree = handle.Repository.Lookup<Tree>(treeId);
        var nodes = new Dictionary<string, GitTreeNode>(tree.Count, StringComparer.Ordinal);
        foreach (var entry in tree)
        {
            nodes[entry.Name] = new GitTreeNode(entry.Name, entry.Mode, entry.Target.Id);
        }

        return _repository.RememberTree(treeId, nodes);
    }

    private SourceEntry Describe(Handle handle, string path, GitTreeNode node) => node.Mode switch
    {
        Mode.Directory => new SourceEntry(path, SourceEntryKind.Directory, 0),
        Mode.GitLink => new SourceEntry(path, SourceEntryKind.Submodule, 0),
        Mode.SymbolicLink => new SourceEntry(path, SourceEntryKind.Symlink, Size(handle, node.Id)),
        _ => new SourceEntry(path, SourceEntryKind.File, Size(handle, node.Id)) { ContentId = node.Id.Sha },
    };

    private long Size(Handle handle, ObjectId id) =>
        _repository.TryGetBlobSize(id, out var size)
            ? size
            : _repository.RememberBlobSize(id, handle.Repository.ObjectDatabase.RetrieveObjectMetadata(id).Size);

    private string LinkText(Handle handle, ObjectId id) =>
        _links.TryGetValue(id, out var text) ? text : _links.GetOrAdd(id, Encoding.UTF8.GetString(ReadBlob(handle, id)));

    private byte[] ReadBlob(Handle handle, ObjectId id)
    {
        if (_repository.TryGetCachedBlob(id, out var cached))
        {
            return cached;
        }

        var blob = handle.Repository.Lookup<Blob>(id);
        using var stream = blob.GetContentStream();
        var bytes = new byte[blob.Size];
        stream.ReadExactly(bytes);
        return _repository.CacheBlob(id, bytes);
    }

    private static string KindName(SourceEntryKind kind) => kind switch
    {
        SourceEntryKind.Directory => "directory",
        SourceEntryKind.Submodule => "submodule",
        _ => "file",
    };

    // Walks a segment at a time so that links in the middle of a path are checked too, not only the last one.
    private Resolved? Resolve(Handle handle, string normalized, string original)
    {
        var hops = 0;
        var pending = new Queue<string>(normalized.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = _rootId;
        var currentPath = string.Empty;
        while (pending.Count > 0)
        {
            var segment = pending.Dequeue();
            var candidate = currentPath.Length == 0 ? segment : currentPath + "/" + segment;
            if (!Entries(handle, current).TryGetValue(segment, out var node))
            {
                return null;
            }

            switch (node.Mode)
            {
                case Mode.Directory:
                    current = node.Id;
                    currentPath = candidate;
                    continue;
                case Mode.SymbolicLink:
                    if (++hops > MaxLinkHops)
                    {
                        throw new SourcePathException($"Path '{original}' in {Origin} has too many levels of symbolic links.");
                    }

                    var target = SourcePath.ResolveLink(candidate, LinkText(handle, node.Id));
                    var rest = pending.ToArray();
                    pending.Clear();
                    foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest))
                    {
                        pending.Enqueue(part);
                    }

                    current = _rootId;
                    currentPath = string.Empty;
                    continue;
                case Mode.GitLink:
                    return pending.Count == 0
                        ? new Resolved(SourceEntryKind.Submodule, node.Id)
                        : throw new SourcePathException($"Path '{original}': '{candidate}' is a submodule, whose files are not part of {Origin}.");
                default:
                    return pending.Count == 0
                        ? new Resolved(SourceEntryKind.File, node.Id)
                        : throw new SourcePathException($"Path '{original}': '{candidate}' is a file, not a directory.");
            }
        }

        return new Resolved(SourceEntryKind.Directory, current);
    }

    private readonly record struct Resolved(SourceEntryKind Kind, ObjectId Id);

    /// <summary>Borrows a repository handle on first use only, so index hits touch no libgit2 state.</summary>
    private sealed class Handle(CachedRepository repository) : IDisposable
    {
        private CachedRepository.Lease? _lease;

        public Repository Repository => (_lease ??= repository.Rent()).Repository;

        public void Dispose() => _lease?.Dispose();
    }
}
