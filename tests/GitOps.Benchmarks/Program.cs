using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Running;
using GitOps.Benchmarks;
using GitOps.Manifests;

// "quick [yaml|diff|ssd|sync|emu|render|helm [rounds]|reconcile [applications]]" measures directly in seconds (yaml when no area is named); anything else runs BenchmarkDotNet.
if (args.Length > 0 && args[0] == "quick")
{
    switch (args.Length > 1 ? args[1] : "yaml")
    {
        case "yaml":
            QuickMeasure();
            break;
        case "diff":
            QuickDiff();
            break;
        case "ssd":
            await ServerSideDiffMeasure.RunAsync();
            break;
        case "sync":
            await SyncMeasure.RunAsync();
            break;
        case "emu":
            await EmulatorMeasure.RunAsync();
            break;
        case "render":
            await RenderQuickMeasure.RunAsync();
            break;
        case "helm":
            await RendererQuickMeasure.RunAsync(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 25);
            break;
        case "reconcile":
            await ReconcileQuickMeasure.RunAsync(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000);
            break;
        default:
            Console.Error.WriteLine($"unknown quick area '{args[1]}': use yaml, diff, ssd, sync, emu, render, helm or reconcile");
            Environment.ExitCode = 2;
            break;
    }

    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ManifestReaderBenchmarks).Assembly).Run(args);

static void QuickMeasure()
{
    var benchmarks = new ManifestReaderBenchmarks();
    benchmarks.Setup();
    var yaml = ManifestCorpus.Yaml(ManifestReaderBenchmarks.InputBytes);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input: {yaml.Length / 1048576.0:F1} MiB YAML, {ManifestReader.Default.Read(yaml, "c").Count} objects; the same objects as JSON: {benchmarks.JsonInput.Length / 1048576.0:F1} MiB"));
    var text = System.Text.Encoding.UTF8.GetString(yaml);
    var parts = GitOps.Manifests.Yaml.YamlDocumentSplitter.Split(text);
    var fast = parts.Count(p => GitOps.Manifests.Yaml.FastBlockYamlParser.TryParse(text.Substring(p.Start, p.Length), out _));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fast path: {fast} of {parts.Count} documents"));
    Console.WriteLine(ManifestCorpus.Census(benchmarks.Objects));
    var oneThread = new ManifestReader(new ManifestReaderOptions { MaxDegreeOfParallelism = 1 });
    var reads = new (string Name, int InputBytes, Func<object> Action)[]
    {
        ("read YAML", yaml.Length, () => ManifestReader.Default.Read(yaml, "corpus.yaml")),
        ("read YAML on one thread", yaml.Length, () => oneThread.Read(yaml, "corpus.yaml")),
        ("read JSON", benchmarks.JsonInput.Length, () => ManifestReader.Default.Read(benchmarks.JsonInput, "corpus.json")),
    };

    // Floors: what System.Text.Json itself holds for the same objects, sized against the YAML input.
    var lines = ManifestCorpus.JsonLines(benchmarks.JsonInput);
    var floors = new (string Name, int InputBytes, Func<object> Action)[]
    {
        ("floor: JsonNode.Parse per object, nodes left lazy", yaml.Length, () => lines.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)).ToList()),
        ("floor: JsonNode.Parse per object, every node materialized", yaml.Length, () => lines.Select(l => ManifestCorpus.Materialize(System.Text.Json.Nodes.JsonNode.Parse(l))).ToList()),
        ("floor: JsonDocument.Parse per object (read-only)", yaml.Length, () => lines.Select(l => System.Text.Json.JsonDocument.Parse(l)).ToList()),
    };
    foreach (var (name, inputBytes, action) in reads.Concat(floors))
    {
        Measure(name, inputBytes, action);
        ManifestReaderBenchmarks.PrintPeak(name, inputBytes, action);
    }

    Measure("write YAML", yaml.Length, () => ManifestWriter.WriteAll(benchmarks.Objects));
}

static void QuickDiff()
{
    var pairs = DiffCorpus.Pairs(DiffBenchmarks.Objects, modifiedEvery: 100);
    var differ = new GitOps.Diff.ManifestDiffer();
    var modified = 0;
    var runs = Enumerable.Range(0, 5).Select(_ => MeasureOnce(() => modified = DiffBenchmarks.DiffAll(differ, pairs, GitOps.Diff.DiffStrategy.ThreeWay))).ToList();
    var wall = runs.Select(r => r.Wall).Order().ElementAt(2);
    var cpu = runs.Select(r => r.Cpu).Order().ElementAt(2);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"diff {pairs.Length} desired/live pairs three-way: {modified} modified; median of 5: {wall * 1000:F0} ms wall, {cpu * 1000:F0} ms CPU; allocated {runs[^1].Allocated / 1e6:F0} MB; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
}

static void Measure(string name, int inputBytes, Func<object> action, string note = "")
{
    // Wall-clock figures suffer when other processes share the cores, so CPU time is reported as well.
    action();
    var runs = Enumerable.Range(0, 5).Select(_ => MeasureOnce(action)).ToList();
    var wall = runs.Select(r => r.Wall).Order().ElementAt(2);
    var cpu = runs.Select(r => r.Cpu).Order().ElementAt(2);
    var allocated = runs[^1].Allocated;
    var retained = runs.Select(r => r.Retained).Order().ElementAt(2);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name}: {inputBytes / 1e6 / wall:F1} MB/s wall, {inputBytes / 1e6 / cpu:F1} MB per CPU-second {note} (medians of 5: {wall * 1000:F0} ms wall, {cpu * 1000:F0} ms CPU); allocated {allocated / 1e6:F0} MB = {(double)allocated / inputBytes:F1}x input; the result retains {retained / 1e6:F0} MB = {(double)retained / inputBytes:F1}x input"));
}

// Not inlined, so that the result is unreachable once it returns and the next baseline does not include it.
[MethodImpl(MethodImplOptions.NoInlining)]
static (double Wall, double Cpu, long Allocated, long Retained) MeasureOnce(Func<object> action)
{
    var process = Process.GetCurrentProcess();
    var baseline = LiveHeapBytes();
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var result = action();
    watch.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
    var retained = LiveHeapBytes() - baseline;
    GC.KeepAlive(result);
    return (watch.Elapsed.TotalSeconds, cpu, allocated, retained);
}

static long LiveHeapBytes()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
}
