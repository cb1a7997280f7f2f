using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GitOps.Caching;
using LibGit2Sharp;

namespace GitOps.Sources.Git;

/// <summary>
/// One bare repository in the cache. Fetches are serialized with <see cref="FetchLock"/>; readers rent their own
/// <see cref="Repository"/> handle (libgit2 handles are not thread-safe) from a small pool, so reads of different
/// revisions run in parallel and never wait for a fetch. Blob contents go through a cache shared by all repositories
/// of the <see cref="GitRepositoryCache"/> (keyed by repository and blob SHA), because neighbouring revisions share
/// most blobs and libgit2 serializes much of its pack access.
/// </summary>
internal sealed class CachedRepository : IDisposable
{
    // A queue with a counter of its own: ConcurrentBag.Count takes every lock, on each return of each handle.
    private readonly ConcurrentQueue<Repository> _pool = new();
    private int _pooled;
    private const int MaxSizes = 200_000;
    private const int MaxTreeEntries = 200_000;
    // Many locks: readers of several revisions list (and so add sizes) at the same time.
    private readonly ConcurrentDictionary<ObjectId, long> _sizes = new(concurrencyLevel: 64, capacity: 1024);
    private int _sizeCount;

    // Trees by id, shared by every revision opened: an id fixes a tree's entries, and listing them through libgit2
    // is most of the work of rendering a revision whose files are already parsed.
    private readonly ConcurrentDictionary<ObjectId, IReadOnlyDictionary<string, GitTreeNode>> _trees = new(concurrencyLevel: 64, capacity: 256);
    private int _treeEntryCount;
    private readonly int _maxPooled;
    private readonly ByteBudgetCache<(CachedRepository Repository, ObjectId Id), byte[]> _blobs;
    private int _generation;
    private bool _checked;

    public CachedRepository(GitRepositoryUrl url, string path, int maxPooled, ByteBudgetCache<(CachedRepository Repository, ObjectId Id), byte[]> blobs)
    {
        Url = url;
        Path = path;
        _maxPooled = maxPooled;
        _blobs = blobs;
    }

    public GitRepositoryUrl Url { get; }

    public string Path { get; }

    /// <summary>Held while fetching or re-creating the repository.</summary>
    public SemaphoreSlim FetchLock { get; } = new(1, 1);

    /// <summary>Whether <see cref="EnsureCreated"/> already checked the folder in this process.</summary>
    public bool IsChecked => Volatile.Read(ref _checked);

    /// <summary>
    /// Makes sure a valid bare repository exists; returns <see langword="false"/> when a damaged one had to be
    /// replaced. Call under <see cref="FetchLock"/>.
    /// </summary>
    public bool EnsureCreated()
    {
        if (CanOpen())
        {
            Volatile.Write(ref _checked, true);
            return true;
        }

        var existed = Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any();
        Recreate();
        Volatile.Write(ref _checked, true);
        return !existed;
    }

    /// <summary>Deletes the repository and starts an empty one. Call under <see cref="FetchLock"/>.</summary>
    public void Recreate()
    {
        Interlocked.Increment(ref _generation);
        while (TryTakePooled(out var stale))
        {
            stale.Dispose();
        }

        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }

        Directory.CreateDirectory(Path);
        Repository.Init(Path, isBare: true);
        using var repository = new Repository(Path);
        repository.Network.Remotes.Add("origin", Url.FetchUrl, "+refs/heads/*:refs/heads/*");
        repository.Network.Remotes.Update("origin", r => r.FetchRefSpecs.Add("+refs/tags/*:refs/tags/*"));
    }

    /// <summary>Borrows a handle; dispose the lease to give it back.</summary>
    public Lease Rent()
    {
        var generation = Volatile.Read(ref _generation);
        return new Lease(this, TryTakePooled(out var repository) ? repository : new Repository(Path), generation);
    }

    /// <summary>A copy of a blob's cached content, which the caller owns.</summary>
    public bool TryGetCachedBlob(ObjectId id, [NotNullWhen(true)] out byte[]? content)
    {
        content = _blobs.TryGet((this, id), out var cached) ? cached.AsSpan().ToArray() : null;
        return content is not null;
    }

    /// <summary>
    /// Offers a blob just read to the cache; returns the array for the caller, a copy when the cache kept the original,
    /// so that a caller changing what it got cannot change what others read.
    /// </summary>
    public byte[] CacheBlob(ObjectId id, byte[] content) =>
        _blobs.Set((this, id), content, content.Length) ? content.AsSpan().ToArray() : content;

    /// <summary>
    /// A blob's size if known, from the size map or the content cache. Sizes are shared by all revisions because
    /// listing a revision needs every file's size, and reading object headers is a large part of a render's libgit2 work.
    /// </summary>
    public bool TryGetBlobSize(ObjectId id, out long size)
    {
        if (_sizes.TryGetValue(id, out size))
        {
            return true;
        }

        if (_blobs.TryGet((this, id), out var cached))
        {
            size = RememberBlobSize(id, cached.Length);
            return true;
        }

        return false;
    }

    /// <summary>The entries of a tree read before, by any revision.</summary>
    public bool TryGetTree(ObjectId id, [NotNullWhen(true)] out IReadOnlyDictionary<string, GitTreeNode>? entries) =>
        _trees.TryGetValue(id, out entries);

    /// <summary>Keeps the entries of a tree just read for later revisions; returns the entries kept.</summary>
    public IReadOnlyDictionary<string, GitTreeNode> RememberTree(ObjectId id, IReadOnlyDictionary<string, GitTreeNode> entries)
    {
        // As for sizes: bounded by starting over, counted apart from the map.
        if (Interlocked.Add(ref _treeEntryCount, entries.Count + 1) > MaxTreeEntries)
        {
            Interlocked.Exchange(ref _treeEntryCount, 0);
            _trees.Clear();
        }

        return _trees.GetOrAdd(id, entries);
    }

    /// <summary>Keeps a blob's size (read from its object header) for later listings; returns it.</summary>
    public long RememberBlobSize(ObjectId id, long size)
    {
        // ConcurrentDictionary.Count takes every lock, so the bound is kept with a counter of its own.
        if (Interlocked.Increment(ref _sizeCount) > MaxSizes)
        {
            // Sizes are small and never change; starting over keeps the map bounded without bookkeeping on every read.
            Interlocked.Exchange(ref _sizeCount, 0);
            _sizes.Clear();
        }

        _sizes.TryAdd(id, size);
        return size;
    }

    public void Dispose()
    {
        while (TryTakePooled(out var repository))
        {
            repository.Dispose();
        }

        FetchLock.Dispose();
    }

    private bool TryTakePooled([NotNullWhen(true)] out Repository? repository)
    {
        if (!_pool.TryDequeue(out repository))
        {
            return false;
        }

        Interlocked.Decrement(ref _pooled);
        return true;
    }

    private void Return(Repository repository, int generation)
    {
        if (generation == Volatile.Read(ref _generation))
        {
            if (Interlocked.Increment(ref _pooled) <= _maxPooled)
            {
                _pool.Enqueue(repository);
                return;
            }

            Interlocked.Decrement(ref _pooled);
        }

        repository.Dispose();
    }

    private bool CanOpen()
    {
        try
        {
            if (!Repository.IsValid(Path))
            {
                return false;
            }

            using var repository = new Repository(Path);
            _ = repository.Head;
            return repository.Info.IsBare;
        }
        catch (LibGit2SharpException)
        {
            return false;
        }
    }

    /// <summary>A borrowed repository handle.</summary>
    internal readonly struct Lease : IDisposable
    {
        private readonly CachedRepository _owner;
        private readonly int _generation;

        public Lease(CachedRepository owner, Repository repository, int generation)
        {
            _owner = owner;
            Repository = repository;
            _generation = generation;
        }

        public Repository Repository { get; }

        public void Dispose() => _owner.Return(Repository, _generation);
    }
}
