using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using GitOps.Manifests;

namespace GitOps.Benchmarks;

/// <summary>Reading and writing a 20 MB multi-document stream, as YAML and as concatenated JSON.</summary>
[MemoryDiagnoser]
public class ManifestReaderBenchmarks
{
    public const int InputBytes = 20 * 1024 * 1024;

    private byte[] _yaml = [];
    private byte[] _json = [];
    private IReadOnlyList<ManifestObject> _objects = [];

    [GlobalSetup]
    public void Setup()
    {
        _yaml = ManifestCorpus.Yaml(InputBytes);
        _objects = ManifestReader.Default.Read(_yaml, "corpus.yaml");
        var json = new StringBuilder();
        foreach (var manifest in _objects)
        {
            json.Append(manifest.Root.ToJsonString()).Append('\n');
        }

        _json = Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>The same objects as concatenated JSON.</summary>
    public ReadOnlyMemory<byte> JsonInput => _json;

    /// <summary>The objects read from the YAML input.</summary>
    public IReadOnlyList<ManifestObject> Objects => _objects;

    [Benchmark(Baseline = true)]
    public int ReadYaml() => ManifestReader.Default.Read(_yaml, "corpus.yaml").Count;

    [Benchmark]
    public int ReadJson() => ManifestReader.Default.Read(_json, "corpus.json").Count;

    [Benchmark]
    public int WriteYaml() => ManifestWriter.WriteAll(_objects).Length;

    /// <summary>
    /// Prints the peak of the GC heap (live objects and garbage not yet collected) above what was live before,
    /// sampled every millisecond during one run: what the read makes the process hold at its worst. The input is
    /// in the baseline, so it is not counted; a 20 MiB input decoded to UTF-16 is counted (40 MiB).
    /// </summary>
    public static void PrintPeak(string name, int inputBytes, Func<object> action)
    {
        var peaks = Enumerable.Range(0, 3).Select(_ => PeakOnce(action)).Order().ToList();
        var peak = peaks[1];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name}: peak GC heap above the baseline {peak / 1e6:F0} MB = {(double)peak / inputBytes:F1}x input (median of 3; GC mode {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")})"));
    }

    // Not inlined, so that the result is unreachable once it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long PeakOnce(Func<object> action)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var stop = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            do
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (!stop.Wait(1));
        });
        sampler.Start();
        var result = action();
        stop.Set();
        sampler.Join();
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        GC.KeepAlive(result);
        return peak - baseline;
    }
}
