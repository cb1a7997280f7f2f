using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using GitOps.Benchmarks;
using GitOps.Manifests;

// "quick" measures throughput and memory directly in a few seconds; anything else runs BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    QuickMeasure();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ManifestReaderBenchmarks).Assembly).Run(args);

static void QuickMeasure()
{
    var benchmarks = new ManifestReaderBenchmarks();
    benchmarks.Setup();
    var yaml = ManifestCorpus.Yaml(ManifestReaderBenchmarks.InputBytes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input: {yaml.Length / 1048576.0:F1} MiB YAML, {ManifestReader.Default.Read(yaml, "c").Count} objects"));
    Measure("read YAML", yaml.Length, () => ManifestReader.Default.Read(yaml, "corpus.yaml"));
    Measure("read JSON", benchmarks.JsonInput.Length, () => ManifestReader.Default.Read(benchmarks.JsonInput, "corpus.json"));
    Measure("write YAML", yaml.Length, () => ManifestWriter.WriteAll(benchmarks.Objects));
}

static void Measure(string name, int inputBytes, Func<object> action, string note = "")
{
    action();
    var times = new List<double>();
    long allocated = 0;
    long retained = 0;
    for (var i = 0; i < 5; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var result = action();
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        GC.KeepAlive(result);
        times.Add(watch.Elapsed.TotalSeconds);
    }

    times.Sort();
    var median = times[times.Count / 2];
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name}: {inputBytes / 1e6 / median:F1} MB/s {note} (median of 5, {median * 1000:F0} ms); allocated {allocated / 1e6:F0} MB = {(double)allocated / inputBytes:F1}x input; result retains {retained / 1e6:F0} MB = {(double)retained / inputBytes:F1}x input"));
}
