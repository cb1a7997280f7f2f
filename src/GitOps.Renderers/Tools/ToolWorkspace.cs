using System.Collections.Concurrent;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Sources.Git;

namespace GitOps.Renderers.Tools;

/// <summary>
/// A temporary folder for one render: <c>repo/</c> holds a copy of the source tree (tools need real files, and
/// overrides must never touch the source), <c>work/</c> holds generated files and the tools' home folders.
/// Deleted on dispose.
/// </summary>
internal sealed class ToolWorkspace : IAsyncDisposable
{
    private const int MaxDepth = 64;
    private static readonly ConcurrentDictionary<Task, byte> PendingRemovals = CreatePendingRemovals();
    private Task? _removal;
    private int _disposed;

    private ToolWorkspace(string root)
    {
        Root = root;
        RepositoryRoot = Path.Combine(root, "repo");
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
    public static ToolWorkspace CreateEmpty() => new(System.IO.Directory.CreateTempSubdirectory("gitops-render-").FullName);

    /// <summary>Copies a source tree into a new workspace.</summary>
    /// <exception cref="RenderException">A symbolic link leaves the tree, or a file cannot be read.</exception>
    public static Task<ToolWorkspace> CreateAsync(ISourceTree source, CancellationToken cancellationToken) =>
        FillAsync(source, async workspace =>
        {
            if (source is GitSourceTree git)
            {
                // Git trees write straight from the object database; links are recreated, escaping ones refused.
                System.IO.Directory.Delete(workspace.RepositoryRoot);
                await Task.Run(() => git.WriteTo(workspace.RepositoryRoot, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CopyAsync(source, string.Empty, workspace.RepositoryRoot, 0, cancellationToken).ConfigureAwait(false);
            }
        });

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
    public string Relativize(string text) =>
        text.Replace(RepositoryRoot + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal)
            .Replace(RepositoryRoot, ".", StringComparison.Ordinal)
            .Replace(WorkDirectory + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);

    /// <summary>The repository path of a full path inside the copy; <see langword="null"/> when outside.</summary>
    public string? ToRepositoryPath(string fullPath)
    {
        var prefix = RepositoryRoot + Path.DirectorySeparatorChar;
        return fullPath.StartsWith(prefix, StringComparison.Ordinal) ? fullPath[prefix.Length..].Replace('\\', '/') : null;
    }

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
            var removal = Task.Run(DeleteAsync);
            Volatile.Write(ref _removal, removal);
            PendingRemovals.TryAdd(removal, 0);
            removal.ContinueWith(t => PendingRemovals.TryRemove(t, out _), TaskScheduler.Default);
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

    private async Task DeleteAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (System.IO.Directory.Exists(Root))
                {
                    System.IO.Directory.Delete(Root, recursive: true);
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
