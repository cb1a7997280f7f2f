using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GitOps.Sources;
using GitOps.Sources.Git;
using Microsoft.Extensions.Options;

namespace GitOps.Benchmarks;

/// <summary>
/// Reading revisions from the Git cache: all 5,000 files of a revision from a fresh cache instance (cold: handles
/// opened, nothing in memory) and again from the same instance (warm), and 8 different revisions read concurrently
/// versus one after another. Run: <c>dotnet run -c Release --project tests/GitOps.Benchmarks -- --filter *GitSource*</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class GitSourceBenchmarks
{
    private const int Directories = 50;
    private const int FilesPerDirectory = 100;
    private const int Revisions = 8;
    private readonly List<string> _revisions = [];
    private string _root = null!;
    private string _url = null!;
    private GitRepositoryCache _warm = null!;
    private ISourceTree _warmTree = null!;
    private GitRepositoryCache _cold = null!;

    /// <summary>Pooled repository handles per repository; 1 approximates opening a handle per read when readers overlap.</summary>
    [Params(1, 8)]
    public int PooledHandles { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "gitops-bench-" + Guid.NewGuid().ToString("N")[..8]);
        (_url, var revisions) = await SyntheticRepository.CreateAsync(Path.Combine(_root, "source"), Revisions, Directories, FilesPerDirectory);
        _revisions.AddRange(revisions);
        _warm = NewCache();
        _warmTree = await _warm.OpenAsync(_url, _revisions[^1]);
        foreach (var revision in _revisions)
        {
            await _warm.ResolveRevisionAsync(_url, revision);
        }

        await ReadAllAsync(_warmTree);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warm.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [IterationSetup(Target = nameof(ReadAllFilesCold))]
    public void NewInstance() => _cold = NewCache();

    [IterationCleanup(Target = nameof(ReadAllFilesCold))]
    public void DropInstance() => _cold.Dispose();

    /// <summary>A new cache instance over the fetched folder: resolve by SHA (no fetch), open, read 5,000 files.</summary>
    [Benchmark]
    public async Task<long> ReadAllFilesCold() => await ReadAllAsync(await _cold.OpenAsync(_url, _revisions[^1]));

    /// <summary>The same 5,000 files again from an instance that has read them before.</summary>
    [Benchmark]
    public async Task<long> ReadAllFilesWarm() => await ReadAllAsync(_warmTree);

    /// <summary>All files of 8 revisions, one revision after another.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> EightRevisionsSequential()
    {
        long total = 0;
        foreach (var revision in _revisions)
        {
            total += await ReadAllAsync(await _warm.OpenAsync(_url, revision));
        }

        return total;
    }

    /// <summary>All files of 8 revisions, each revision on its own task.</summary>
    [Benchmark]
    public async Task<long> EightRevisionsConcurrent()
    {
        var totals = await Task.WhenAll(_revisions.Select(revision => Task.Run(async () => await ReadAllAsync(await _warm.OpenAsync(_url, revision)))));
        return totals.Sum();
    }

    private GitRepositoryCache NewCache() => new(Options.Create(new GitSourceOptions
    {
        CacheDirectory = Path.Combine(_root, "cache"),
        MaxPooledHandlesPerRepository = PooledHandles,
    }));

    private static async Task<long> ReadAllAsync(ISourceTree tree)
    {
        long bytes = 0;
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in tree.ListDirectory(directory))
            {
                if (entry.Kind == SourceEntryKind.Directory)
                {
                    pending.Push(entry.Path);
                }
                else if (entry.Kind == SourceEntryKind.File)
                {
                    bytes += (await tree.ReadFileAsync(entry.Path)).Length;
                }
            }
        }

        return bytes;
    }
}
