using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GitOps.Rendering;
using GitOps.Renderers.Directory;
using GitOps.Sources.Git;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks;

/// <summary>
/// Rendering a 5,000-file directory revision (recursive) from the Git cache: cold (a new cache instance and render
/// service: handles opened, nothing in memory), warm (same instances, render cache off: listing again, files served
/// by the blob and parsed-file caches), cached (render cache on: served by commit SHA), and 8 revisions rendered
/// concurrently versus one after another with warm instances. <see cref="RenderQuickMeasure"/> also times the 8
/// revisions from new instances, where the revisions' shared files are first read and parsed. Run:
/// <c>dotnet run -c Release --project tests/GitOps.Benchmarks -- --filter *RenderBenchmarks*</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private const int Revisions = 8;
    private static readonly DirectoryRendererOptions Recurse = new() { Recurse = true };
    private string _root = null!;
    private string _url = null!;
    private List<string> _revisions = null!;
    private ServiceProvider _warm = null!;
    private ServiceProvider _cached = null!;
    private ServiceProvider _cold = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "gitops-render-bench-" + Guid.NewGuid().ToString("N")[..8]);
        (_url, _revisions) = await SyntheticRepository.CreateAsync(Path.Combine(_root, "source"), Revisions, 50, 100);
        _warm = Provider(renderCache: false);
        _cached = Provider(renderCache: true);
        foreach (var revision in _revisions)
        {
            await RenderAsync(_warm, revision);
        }

        await RenderAsync(_cached, _revisions[^1]);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _warm.DisposeAsync();
        await _cached.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [IterationSetup(Target = nameof(RenderCold))]
    public void NewInstances() => _cold = Provider(renderCache: false);

    [IterationCleanup(Target = nameof(RenderCold))]
    public void DropInstances() => _cold.Dispose();

    /// <summary>Resolve, open and render 5,000 files with new instances over the fetched cache folder.</summary>
    [Benchmark]
    public Task<int> RenderCold() => RenderAsync(_cold, _revisions[^1]);

    /// <summary>Render the 5,000 files again with warm instances, render cache off.</summary>
    [Benchmark]
    public Task<int> RenderWarm() => RenderAsync(_warm, _revisions[^1]);

    /// <summary>The same render served from the render cache.</summary>
    [Benchmark]
    public Task<int> RenderCached() => RenderAsync(_cached, _revisions[^1]);

    /// <summary>8 revisions, one after another.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> EightRevisionsSequential()
    {
        var total = 0;
        foreach (var revision in _revisions)
        {
            total += await RenderAsync(_warm, revision);
        }

        return total;
    }

    /// <summary>8 revisions, each on its own task.</summary>
    [Benchmark]
    public async Task<int> EightRevisionsConcurrent() =>
        (await Task.WhenAll(_revisions.Select(revision => Task.Run(() => RenderAsync(_warm, revision))))).Sum();

    private async Task<int> RenderAsync(ServiceProvider provider, string revision)
    {
        var git = provider.GetRequiredService<IGitSource>();
        var tree = await git.OpenAsync(_url, revision);
        var result = await provider.GetRequiredService<IManifestRenderService>().RenderAsync(new RenderRequest { Source = tree, Options = Recurse });
        return result.Objects.Count;
    }

    private ServiceProvider Provider(bool renderCache)
    {
        var services = new ServiceCollection();
        services.AddGitOps(builder => builder
            .ConfigureGit(o => o.CacheDirectory = Path.Combine(_root, "cache"))
            .ConfigureRenderCache(o => o.Capacity = renderCache ? 16 : 0));
        return services.BuildServiceProvider();
    }
}
