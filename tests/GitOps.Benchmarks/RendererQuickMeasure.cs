using System.Diagnostics;
using System.Globalization;

namespace GitOps.Benchmarks;

/// <summary>
/// A quick, paired version of <see cref="RendererBenchmarks"/>'s mid-size chart for a loaded machine: <c>helm template</c>
/// run directly and the Helm renderer alternate, so that both see the same load; prints the median of each and the
/// renderer's overhead over the direct call.
/// </summary>
internal static class RendererQuickMeasure
{
    private const int WarmupRounds = 40;

    public static async Task RunAsync(int rounds = 25)
    {
        var benchmarks = new RendererBenchmarks();
        benchmarks.Setup();
        try
        {
            // Warm-up: the tool check, the shared copy of the tree, and enough calls for tiered JIT to reach optimized
            // code, as in a long-running controller.
            for (var i = 0; i < WarmupRounds; i++)
            {
                await benchmarks.MidChart_HelmTemplateDirect();
                await benchmarks.MidChart_HelmRenderer();
            }

            var direct = new List<double>();
            var renderer = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                direct.Add(await TimeAsync(benchmarks.MidChart_HelmTemplateDirect));
                renderer.Add(await TimeAsync(benchmarks.MidChart_HelmRenderer));
            }

            var directMedian = RenderQuickMeasure.Median(direct);
            var rendererMedian = RenderQuickMeasure.Median(renderer);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mid-size chart, {rounds} paired rounds: helm template direct {directMedian:F1} ms, renderer {rendererMedian:F1} ms, overhead {(rendererMedian / directMedian - 1) * 100:F1} %"));
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static async Task<double> TimeAsync(Func<Task<int>> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }
}
