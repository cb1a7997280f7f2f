using GitOps.Sources;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Tools;

/// <summary>
/// One read-only copy of a source tree on disk per (origin, commit SHA), or per tree instance when the tree has no
/// commit, shared by every render that only reads it. Copies are reference counted: a copy in use is never removed,
/// and up to <see cref="ExternalToolSettings.MaxIdleSharedCopies"/> unused copies are kept for the next render of
/// the same commit, the least recently used removed first. Concurrent requests for the same tree wait for one copy.
/// </summary>
internal sealed class SharedTreeCopies : IAsyncDisposable, IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<object, Entry> _entries = [];
    private readonly int _maxIdle;
    private long _clock;
    private long _copies;
    private bool _disposed;

    public SharedTreeCopies(IOptions<ExternalToolSettings> settings)
    {
        _maxIdle = settings.Value.MaxIdleSharedCopies;
        // A program that exits without disposing its services must not leave copies behind.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>How many copies were made since start: a reused copy does not count.</summary>
    public long Copies => Interlocked.Read(ref _copies);

    /// <summary>The folders of the copies held now, in use or idle.</summary>
    public IReadOnlyList<string> Folders
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Values.Select(e => e.Folder)];
            }
        }
    }

    /// <summary>Takes a reference on the tree's copy, making it first if needed. Dispose the lease when done.</summary>
    /// <exception cref="Rendering.RenderException">A link leaves the tree, or a file cannot be read.</exception>
    public async Task<Lease> AcquireAsync(ISourceTree source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        // A commit's files never change, so any tree of that commit can share; a tree without one shares only with itself.
        object key = source.Revision is { } revision ? (source.Origin, revision) : source;
        Entry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_entries.TryGetValue(key, out entry!))
            {
                var folder = System.IO.Directory.CreateTempSubdirectory("gitops-tree-").FullName;
                // The copy is made once, whoever waits; a waiter's cancellation does not cancel it for the others.
                entry = new Entry(key, folder, Task.Run(() => ToolWorkspace.CopyTreeAsync(source, folder, CancellationToken.None), CancellationToken.None));
                _entries.Add(key, entry);
                Interlocked.Increment(ref _copies);
            }

            entry.References++;
        }

        var lease = new Lease(this, entry);
        try
        {
            await entry.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            return lease;
        }
        catch (Exception e)
        {
            lease.Dispose();
            if (e is not OperationCanceledException)
            {
                Forget(entry);
            }

            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        List<Entry> idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _entries.Values.Where(e => e.References == 0)];
            foreach (var entry in idle)
            {
                _entries.Remove(entry.Key);
            }
        }

        // Copies still in use are removed when their last lease ends.
        foreach (var entry in idle)
        {
            // A copy still being written is removed once the copy has ended.
            _ = entry.Ready.ContinueWith(_ => ToolWorkspace.RemoveInBackground(entry.Folder), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        string[] folders;
        lock (_gate)
        {
            _disposed = true;
            folders = [.. _entries.Values.Select(entry => entry.Folder)];
            _entries.Clear();
        }

        foreach (var folder in folders)
        {
            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort at exit: the folder is under the temp folder, which the system cleans eventually.
            }
        }
    }

    // A failed copy is not kept: the next render tries again.
    private void Forget(Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Key, out var current) && current == entry)
            {
                _entries.Remove(entry.Key);
                entry.Forgotten = true;
            }

            if (entry.References > 0)
            {
                return;
            }
        }

        ToolWorkspace.RemoveInBackground(entry.Folder);
    }

    private void Release(Entry entry)
    {
        var remove = new List<Entry>();
        lock (_gate)
        {
            entry.References--;
            entry.LastUsed = ++_clock;
            if (entry.References > 0)
            {
                return;
            }

            if (_disposed || entry.Forgotten)
            {
                _entries.Remove(entry.Key);
                remove.Add(entry);
            }
            else
            {
                // A copy still being written (its waiters all gave up) is left until it is complete.
                var idle = _entries.Values.Where(e => e.References == 0 && e.Ready.IsCompleted).OrderBy(e => e.LastUsed).ToList();
                foreach (var old in idle.Take(Math.Max(0, idle.Count - _maxIdle)))
                {
                    _entries.Remove(old.Key);
                    remove.Add(old);
                }
            }
        }

        foreach (var old in remove)
        {
            _ = old.Ready.ContinueWith(_ => ToolWorkspace.RemoveInBackground(old.Folder), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    internal sealed class Entry(object key, string folder, Task ready)
    {
        public object Key { get; } = key;

        public string Folder { get; } = folder;

        public Task Ready { get; } = ready;

        public int References { get; set; }

        public long LastUsed { get; set; }

        public bool Forgotten { get; set; }
    }

    /// <summary>A reference on a shared copy; the copy stays until every lease is disposed.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly SharedTreeCopies _owner;
        private readonly Entry _entry;
        private int _disposed;

        internal Lease(SharedTreeCopies owner, Entry entry)
        {
            _owner = owner;
            _entry = entry;
        }

        /// <summary>The copy's root folder. Read only: nothing may be written under it.</summary>
        public string Folder => _entry.Folder;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _owner.Release(_entry);
            }
        }
    }
}
