using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using GitOps.Rendering;
using GitOps.Renderers.Directory;
using GitOps.Sources.Git;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks;

/// <summary>
/// A quick version of <see cref="RenderBenchmarks"/> for a loaded machine: the same 5,000-file repository with 8
/// revisions, timed with a stopwatch, each figure the median of <c>rounds</c> runs, sequential and concurrent runs
/// interleaved so that both see the same load. Prints cold, warm, 8 sequential, 8 concurrent and their ratio.
/// </summary>
internal static class RenderQuickMeasure
{
    private const int Revisions = 8;
    private static readonly DirectoryRendererOptions Recurse = new() { Recurse = true };

    public static async Task RunAsync(int rounds = 5)
    {
        var root = Path.Combine(Path.GetTempPath(), "gitops-render-quick-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (url, revisions) = await SyntheticRepository.CreateAsync(Path.Combine(root, "source"), Revisions, 50, 100);
            var cache = Path.Combine(root, "cache");
            Console.WriteLine($"GC: server={GCSettings.IsServerGC}, mode={GCSettings.LatencyMode}; processors={Environment.ProcessorCount}");
            var collections = GC.CollectionCount(0);

            // Fetch everything once so that every measured render reads the local cache only.
            await using (var fetch = Provider(cache))
            {
                foreach (var revision in revisions)
                {
                    await RenderAsync(fetch, url, revision);
                }
            }

            var cold = new List<(double Wall, double Cpu)>();
            var warm = new List<(double Wall, double Cpu)>();
            var sequential = new List<(double Wall, double Cpu)>();
            var concurrent = new List<(double Wall, double Cpu)>();
            var warmSequential = new List<(double Wall, double Cpu)>();
            var warmConcurrent = new List<(double Wall, double Cpu)>();
            for (var round = 0; round < rounds; round++)
            {
                await using (var fresh = Provider(cache))
                {
                    cold.Add(await TimeAsync(() => RenderAsync(fresh, url, revisions[^1])));
                }

                // Each round starts from new instances so that the 8-revision figures include first reads, as a
                // controller sees when a repository gets new commits, and then times the warm single render.
                await using (var provider = Provider(cache))
                {
                    sequential.Add(await TimeAsync(() => RenderEachAsync(provider, url, revisions)));
                    warm.Add(await TimeAsync(() => RenderAsync(provider, url, revisions[^1])));
                    warmSequential.Add(await TimeAsync(() => RenderEachAsync(provider, url, revisions)));
                    warmConcurrent.Add(await TimeAsync(() => RenderAllAsync(provider, url, revisions)));
                }

                await using (var provider = Provider(cache))
                {
                    concurrent.Add(await TimeAsync(() => RenderAllAsync(provider, url, revisions)));
                }
            }

            Console.WriteLine($"gen0 collections during the runs: {GC.CollectionCount(0) - collections}");
            Report("render cold (new instances, 1 revision)", cold);
            Report("render warm (same instances, render cache off)", warm);
            Report("8 revisions sequential (new instances)", sequential);
            Report("8 revisions concurrent (new instances)", concurrent);
            Report("8 revisions sequential (warm instances)", warmSequential);
            Report("8 revisions concurrent (warm instances)", warmConcurrent);
            Ratio("8 revisions concurrent / sequential (new instances)", concurrent, sequential);
            Ratio("8 revisions concurrent / sequential (warm instances)", warmConcurrent, warmSequential);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // Wall time and the process's CPU time: on a machine shared with other work the CPU time shows the cost, the
    // wall time what a caller waits.
    private static async Task<(double Wall, double Cpu)> TimeAsync(Func<Task> action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await action();
        stopwatch.Stop();
        process.Refresh();
        return (stopwatch.Elapsed.TotalMilliseconds, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    private static void Ratio(string name, List<(double Wall, double Cpu)> concurrent, List<(double Wall, double Cpu)> sequential) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: wall {Median(concurrent.Select(v => v.Wall)) / Median(sequential.Select(v => v.Wall)):F2}, CPU {Median(concurrent.Select(v => v.Cpu)) / Median(sequential.Select(v => v.Cpu)):F2}"));

    private static async Task RenderEachAsync(ServiceProvider provider, string url, List<string> revisions)
    {
        foreach (var revision in revisions)
        {
            await RenderAsync(provider, url, revision);
        }
    }

    private static Task RenderAllAsync(ServiceProvider provider, string url, List<string> revisions) =>
        Task.WhenAll(revisions.Select(revision => Task.Run(() => RenderAsync(provider, url, revision))));

    private static void Report(string name, List<(double Wall, double Cpu)> values) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-48} wall median {Median(values.Select(v => v.Wall)),6:F0} ms, CPU median {Median(values.Select(v => v.Cpu)),6:F0} ms  (wall runs: {string.Join(", ", values.Select(v => v.Wall.ToString("F0", CultureInfo.InvariantCulture)))})"));

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task RenderAsync(ServiceProvider provider, string url, string revision)
    {
        var tree = await provider.GetRequiredService<IGitSource>().OpenAsync(url, revision);
        var result = await provider.GetRequiredService<IManifestRenderService>().RenderAsync(new RenderRequest { Source = tree, Options = Recurse });
        if (result.Objects.Count != 5000)
        {
            throw new InvalidOperationException($"Expected 5000 objects, rendered {result.Objects.Count}.");
        }
    }

    private static ServiceProvider Provider(string cache)
    {
        var services = new ServiceCollection();
        services.AddGitOps(builder => builder
            .ConfigureGit(o => o.CacheDirectory = cache)
            .ConfigureRenderCache(o => o.Capacity = 0));
        return services.BuildServiceProvider();
    }
}
