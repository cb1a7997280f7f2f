using System.Collections.Concurrent;
using LibGit2Sharp;

namespace GitOps.Sources.Git;

/// <summary>
/// One bare repository in the cache. Fetches are serialized with <see cref="FetchLock"/>; readers rent their own
/// <see cref="Repository"/> handle (libgit2 handles are not thread-safe) from a small pool, so reads of different
/// revisions run in parallel and never wait for a fetch.
/// </summary>
internal sealed class CachedRepository : IDisposable
{
    private readonly ConcurrentBag<Repository> _pool = [];
    private readonly int _maxPooled;
    private int _generation;
    private bool _checked;

    public CachedRepository(GitRepositoryUrl url, string path, int maxPooled)
    {
        Url = url;
        Path = path;
        _maxPooled = maxPooled;
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
