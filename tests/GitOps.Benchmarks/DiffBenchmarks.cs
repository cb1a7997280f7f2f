using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GitOps.Diff;
using GitOps.Manifests;

namespace GitOps.Benchmarks;

/// <summary>
/// The in-process differ over an application-sized state: 10,000 desired objects against 10,000 live ones carrying
/// what an API server adds (defaults, status, managed fields), 1% of them modified. Run:
/// <c>dotnet run -c Release --project tests/GitOps.Benchmarks -- --filter *DiffBenchmarks*</c>, or <c>quick diff</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class DiffBenchmarks
{
    /// <summary>How many object pairs.</summary>
    public const int Objects = 10_000;

    private readonly ManifestDiffer _differ = new();
    private (ManifestObject Desired, ManifestObject Live)[] _pairs = [];

    [GlobalSetup]
    public void Setup() => _pairs = DiffCorpus.Pairs(Objects, modifiedEvery: 100);

    /// <summary>Diffs every pair three-way; returns how many were modified.</summary>
    [Benchmark]
    public int ThreeWay() => DiffAll(_differ, _pairs, DiffStrategy.ThreeWay);

    internal static int DiffAll(ManifestDiffer differ, (ManifestObject Desired, ManifestObject Live)[] pairs, DiffStrategy strategy)
    {
        var options = new DiffOptions { Strategy = strategy };
        var modified = 0;
        foreach (var (desired, live) in pairs)
        {
            if (differ.Diff(desired, live, options).Modified)
            {
                modified++;
            }
        }

        return modified;
    }
}
