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
    private readonly ConcurrentBag<Repository> _pool = [];
    private const int MaxSizes = 200_000;
    // Many locks: readers of several revisions list (and so add sizes) at the same time.
    private readonly ConcurrentDictionary<ObjectId, long> _sizes = new(concurrencyLevel: 64, capacity: 1024);
    private int _sizeCount;
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
        while (_pool.TryTake(out var stale))
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
        return new Lease(this, _pool.TryTake(out var repository) ? repository : new Repository(Path), generation);
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
        while (_pool.TryTake(out var repository))
        {
            repository.Dispose();
        }

        FetchLock.Dispose();
    }

    private void Return(Repository repository, int generation)
    {
        if (generation == Volatile.Read(ref _generation) && _pool.Count < _maxPooled)
        {
            _pool.Add(repository);
            return;
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
