using System.Collections.Concurrent;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Sources.Git;

namespace GitOps.Renderers.Tools;

/// <summary>
/// A temporary folder for one render: <c>repo/</c> holds a copy of the source tree (tools need real files, and
/// overrides must never touch the source), <c>work/</c> holds generated files and the tools' home folders.
/// Renders that only read use a copy shared per commit (<see cref="SharedTreeCopies"/>) as their repository root
/// instead of <c>repo/</c>. Deleted on dispose; a shared copy is released, not deleted.
/// </summary>
internal sealed class ToolWorkspace : IAsyncDisposable
{
    private const int MaxDepth = 64;
    private static readonly ConcurrentDictionary<Task, byte> PendingRemovals = CreatePendingRemovals();
    private readonly SharedTreeCopies.Lease? _lease;
    private Task? _removal;
    private int _disposed;

    private ToolWorkspace(string root, SharedTreeCopies.Lease? lease = null, bool privateRepository = true)
    {
        Root = root;
        _lease = lease;
        RepositoryRoot = lease is not null && !privateRepository ? lease.Folder : Path.Combine(root, "repo");
        WorkDirectory = Path.Combine(root, "work");
        System.IO.Directory.CreateDirectory(RepositoryRoot);
        System.IO.Directory.CreateDirectory(WorkDirectory);
    }

    public string Root { get; }

    /// <summary>The copy of the source tree.</summary>
    public string RepositoryRoot { get; }

    /// <summary>A folder for generated files.</summary>
    public string WorkDirectory { get; }

    /// <summary>An empty workspace, for calls that bring their own files (helm pull).</summary>
    public static ToolWorkspace CreateEmpty() => new(NewRoot());

    /// <summary>Copies a source tree into a new workspace.</summary>
    /// <exception cref="RenderException">A symbolic link leaves the tree, or a file cannot be read.</exception>
    public static Task<ToolWorkspace> CreateAsync(ISourceTree source, CancellationToken cancellationToken) =>
        FillAsync(source, workspace => CopyTreeAsync(source, workspace.RepositoryRoot, cancellationToken));

    /// <summary>
    /// A workspace whose repository root is the tree's shared copy, for tools that only read it. The copy is made on
    /// the first render of a commit and reused by the next ones.
    /// </summary>
    /// <exception cref="RenderException">A symbolic link leaves the tree, or a file cannot be read.</exception>
    public static async Task<ToolWorkspace> CreateSharedAsync(SharedTreeCopies copies, ISourceTree source, CancellationToken cancellationToken)
    {
        var lease = await copies.AcquireAsync(source, cancellationToken).ConfigureAwait(false);
        try
        {
            return new ToolWorkspace(NewRoot(), lease, privateRepository: false);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A workspace for a tool that writes into one folder (kustomize overrides, charts that kustomize pulls): that
    /// folder is a private copy taken from the shared copy, and every other entry on the way to it is a link into the
    /// shared copy, so <c>../</c> paths reach the same files while the shared copy stays untouched. Where links cannot
    /// be made, the whole tree is copied privately.
    /// </summary>
    /// <exception cref="RenderException">A symbolic link leaves the tree, or a file cannot be read.</exception>
    public static async Task<ToolWorkspace> CreatePrivateFolderAsync(
        SharedTreeCopies copies, ISourceTree source, string folderPath, CancellationToken cancellationToken)
    {
        var lease = await copies.AcquireAsync(source, cancellationToken).ConfigureAwait(false);
        ToolWorkspace? workspace = null;
        try
        {
            workspace = new ToolWorkspace(NewRoot(), lease);
            var sharedDirectory = lease.Folder;
            var privateDirectory = workspace.RepositoryRoot;
            foreach (var part in folderPath.Length == 0 ? [] : folderPath.Split('/'))
            {
                LinkChildrenExcept(sharedDirectory, privateDirectory, part);
                sharedDirectory = Path.Combine(sharedDirectory, part);
                privateDirectory = Path.Combine(privateDirectory, part);
                if (!System.IO.Directory.Exists(sharedDirectory))
                {
                    // The caller reports the missing folder.
                    return workspace;
                }

                if (new DirectoryInfo(sharedDirectory).LinkTarget is not null)
                {
                    // A write into a linked folder would land in the shared copy: copy the whole tree privately instead.
                    throw new IOException("The folder is a link.");
                }

                System.IO.Directory.CreateDirectory(privateDirectory);
            }

            CopyFolder(sharedDirectory, privateDirectory, 0);
            return workspace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            await ReleaseAsync(workspace, lease).ConfigureAwait(false);
            return await CreateAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(workspace, lease).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ReleaseAsync(ToolWorkspace? workspace, SharedTreeCopies.Lease lease)
    {
        if (workspace is not null)
        {
            await workspace.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            lease.Dispose();
        }
    }

    private static string NewRoot() => System.IO.Directory.CreateTempSubdirectory("gitops-render-").FullName;

    // Every child of a shared folder but one becomes a link to it.
    private static void LinkChildrenExcept(string sharedDirectory, string privateDirectory, string except)
    {
        foreach (var child in System.IO.Directory.EnumerateFileSystemEntries(sharedDirectory))
        {
            var name = Path.GetFileName(child);
            if (name != except)
            {
                File.CreateSymbolicLink(Path.Combine(privateDirectory, name), child);
            }
        }
    }

    // Copies a folder of the shared copy. Links inside it are recreated with the same relative target: the shared copy
    // already checked that it stays inside the tree, and through the links it resolves to the same place.
    private static void CopyFolder(string from, string to, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RenderException($"A folder under '{from}' is nested more than {MaxDepth} folders deep.");
        }

        System.IO.Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyFolder(entry.FullName, target, depth + 1);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    /// <summary>Writes a whole source tree into a folder: a Git commit from its object database, any other tree file by file.</summary>
    /// <exception cref="RenderException">A symbolic link leaves the tree, or a file cannot be read.</exception>
    internal static async Task CopyTreeAsync(ISourceTree source, string folder, CancellationToken cancellationToken)
    {
        try
        {
            if (source is GitSourceTree git)
            {
                // Git trees write straight from the object database; links are recreated, escaping ones refused.
                await Task.Run(() => git.WriteTo(folder, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CopyAsync(source, string.Empty, folder, 0, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Cannot copy {RendererRegistry.Describe(source)} for rendering: {e.Message}", e);
        }
    }

    /// <summary>
    /// Copies only some paths of a source tree (files or folders, normalized) into a new workspace, for tools whose
    /// inputs are known up front. Links are copied as what they point to.
    /// </summary>
    /// <exception cref="RenderException">A symbolic link leaves the tree, or a file cannot be read.</exception>
    public static Task<ToolWorkspace> CreateAsync(ISourceTree source, IEnumerable<string> paths, CancellationToken cancellationToken) =>
        FillAsync(source, async workspace =>
        {
            var copied = new List<string>();
            foreach (var path in paths.Distinct().Order(StringComparer.Ordinal))
            {
                // A path inside a folder already copied is there already.
                if (copied.Exists(c => c.Length == 0 || path.StartsWith(c + "/", StringComparison.Ordinal)))
                {
                    continue;
                }

                copied.Add(path);
                var target = workspace.FullPath(path);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                switch (source.GetEntry(path))
                {
                    case { Kind: SourceEntryKind.Directory }:
                        await CopyAsync(source, path, target, 0, cancellationToken).ConfigureAwait(false);
                        break;
                    case { } entry:
                        await CopyLinkAsync(source, entry, target, 0, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        });

    private static async Task<ToolWorkspace> FillAsync(ISourceTree source, Func<ToolWorkspace, Task> fill)
    {
        var workspace = CreateEmpty();
        try
        {
            await fill(workspace).ConfigureAwait(false);
            return workspace;
        }
        catch (SourcePathException e)
        {
            await workspace.DisposeAsync().ConfigureAwait(false);
            throw new RenderException($"Cannot copy {RendererRegistry.Describe(source)} for rendering: {e.Message}", e);
        }
        catch
        {
            await workspace.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The full path of a normalized repository path.</summary>
    public string FullPath(string repositoryPath) =>
        repositoryPath.Length == 0 ? RepositoryRoot : Path.Combine(RepositoryRoot, repositoryPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Replaces the workspace's folder names in a tool's message by repository-relative paths, so messages show
    /// <c>app/values.yaml</c> rather than a temporary folder.
    /// </summary>
    public string Relativize(string text)
    {
        foreach (var root in Roots())
        {
            text = text.Replace(root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal).Replace(root, ".", StringComparison.Ordinal);
        }

        return text.Replace(WorkDirectory + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The repository path of a full path inside the copy; <see langword="null"/> when outside.</summary>
    public string? ToRepositoryPath(string fullPath)
    {
        foreach (var root in Roots())
        {
            var prefix = root + Path.DirectorySeparatorChar;
            if (fullPath.StartsWith(prefix, StringComparison.Ordinal))
            {
                return fullPath[prefix.Length..].Replace('\\', '/');
            }
        }

        return null;
    }

    // A private folder's links lead into the shared copy, and tools may report the paths they resolved to.
    private IEnumerable<string> Roots() =>
        _lease is not null && _lease.Folder != RepositoryRoot ? [RepositoryRoot, _lease.Folder] : [RepositoryRoot];

    /// <summary>
    /// Environment for tool calls: helm's (and kustomize's) own folders go to the workspace, so renders share no state
    /// and nothing of the host's helm setup leaks in.
    /// </summary>
    public Dictionary<string, string?> ToolEnvironment() => new()
    {
        ["HOME"] = WorkDirectory,
        ["HELM_CACHE_HOME"] = Path.Combine(WorkDirectory, "helm", "cache"),
        ["HELM_CONFIG_HOME"] = Path.Combine(WorkDirectory, "helm", "config"),
        ["HELM_DATA_HOME"] = Path.Combine(WorkDirectory, "helm", "data"),
    };

    /// <summary>
    /// Removes the folder in the background: deleting a few hundred files costs tens of milliseconds on a busy disk,
    /// which the caller need not wait for. <see cref="Removal"/> completes when the folder is gone.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            var lease = _lease;
            var removal = RemoveInBackground(Root);
            if (lease is not null && lease.Folder == RepositoryRoot)
            {
                lease.Dispose();
                lease = null;
            }

            // A private folder's links into the shared copy go before the copy may.
            Volatile.Write(ref _removal, lease is null ? removal : removal.ContinueWith(_ => lease.Dispose(), TaskScheduler.Default));
        }

        return ValueTask.CompletedTask;
    }

    // A program that renders once and exits (a CLI) must not leave its folders behind: wait for them at exit.
    private static ConcurrentDictionary<Task, byte> CreatePendingRemovals()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Task.WaitAll([.. PendingRemovals.Keys], TimeSpan.FromSeconds(10));
        return new ConcurrentDictionary<Task, byte>();
    }

    /// <summary>The background removal started by <see cref="DisposeAsync"/>, or a completed task before it.</summary>
    public Task Removal => Volatile.Read(ref _removal) ?? Task.CompletedTask;

    /// <summary>Removes a folder in the background; a process exiting waits for it.</summary>
    internal static Task RemoveInBackground(string folder)
    {
        var removal = Task.Run(() => DeleteAsync(folder));
        PendingRemovals.TryAdd(removal, 0);
        removal.ContinueWith(t => PendingRemovals.TryRemove(t, out _), TaskScheduler.Default);
        return removal;
    }

    private static async Task DeleteAsync(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(folder))
                {
                    System.IO.Directory.Delete(folder, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && attempt < 5)
            {
                // A process that was just killed may still hold a file for a moment.
                await Task.Delay(50 * attempt).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing to report to: the folder is under the temp folder, which the system cleans eventually.
                return;
            }
        }
    }

    private static async Task CopyAsync(ISourceTree source, string path, string target, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            throw new SourcePathException(SourcePathError.OutsideRoot, $"'{path}' is nested more than {MaxDepth} folders deep (a link cycle?).");
        }

        System.IO.Directory.CreateDirectory(target);
        foreach (var entry in source.ListDirectory(path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = Path.Combine(target, entry.Name);
            switch (entry.Kind)
            {
                case SourceEntryKind.Directory when entry.Name == ".git":
                    break;
                case SourceEntryKind.Directory:
                    await CopyAsync(source, entry.Path, destination, depth + 1, cancellationToken).ConfigureAwait(false);
                    break;
                case SourceEntryKind.Symlink:
                    await CopyLinkAsync(source, entry, destination, depth, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await File.WriteAllBytesAsync(destination, await source.ReadFileAsync(entry.Path, cancellationToken).ConfigureAwait(false), cancellationToken)
                        .ConfigureAwait(false);
                    break;
            }
        }
    }

    // Copies a file, or what a link points to (a file or a folder).
    private static async Task CopyLinkAsync(ISourceTree source, SourceEntry entry, string destination, int depth, CancellationToken cancellationToken)
    {
        // Links are copied as what they point to; the tree refuses targets outside the root.
        try
        {
            var content = await source.ReadFileAsync(entry.Path, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(destination, content, cancellationToken).ConfigureAwait(false);
        }
        catch (SourcePathException e) when (e.Error == SourcePathError.NotAFile)
        {
            await CopyAsync(source, entry.Path, destination, depth + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (SourcePathException e) when (e.Error == SourcePathError.NotFound)
        {
            // A dangling link inside the tree: leave it out, as a checkout would leave a dangling link.
        }
    }
}
