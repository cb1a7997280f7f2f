using System.Diagnostics;
using System.Globalization;
using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Manifests;
using GitOps.Reconcile;
using GitOps.Rendering;
using GitOps.Sync;
using GitOps.Testing;
using GitOps.Tests.Reconcile;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks;

/// <summary>
/// Many small applications (one folder with one ConfigMap each, in one local Git repository, directory renderer)
/// reconciled by the loop against the emulator with a watched live-state cache: the first pass (render, compare,
/// sync), a full status pass with nothing changed, and a hard-refresh pass (re-render). Prints wall time, renders,
/// the emulator's request counts, and memory (peak working set, GC heap) after each.
/// </summary>
internal static class ReconcileQuickMeasure
{
    private const string Namespace = "bench";

    public static async Task RunAsync(int applications)
    {
        var root = Path.Combine(Path.GetTempPath(), "gitops-reconcile-quick-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var url = CreateRepository(Path.Combine(root, "source"), applications);
            var emulatorOptions = new KubernetesEmulatorOptions { RequestLogCapacity = 100 };
            emulatorOptions.Controllers.Delay = TimeSpan.Zero;
            await using var emulator = await KubernetesEmulator.StartAsync(emulatorOptions);
            using var client = new ClusterClient(new ClusterConnectionOptions { Server = emulator.BaseAddress });
            await using var cache = new LiveStateCache(client);
            await CreateNamespaceAsync(client);

            var services = new ServiceCollection();
            services.AddGitOps()
                .ConfigureGit(o => o.CacheDirectory = Path.Combine(root, "cache"))
                .AddReconciler(
                    loop => { loop.PollInterval = TimeSpan.FromHours(1); loop.PollJitter = TimeSpan.Zero; },
                    reconciler => reconciler.SyncDefaults = new SyncOptions { HealthPollInterval = TimeSpan.FromMilliseconds(50) });
            services.AddSingleton(client);
            services.AddSingleton(cache);
            services.AddSingleton<CountingRenderService>();
            services.AddSingleton<IManifestRenderService>(sp => sp.GetRequiredService<CountingRenderService>());
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ManifestRenderService>(sp));
            await using var provider = services.BuildServiceProvider();
            var statuses = provider.GetRequiredService<IApplicationStatusStore>();
            var renders = provider.GetRequiredService<CountingRenderService>();
            using var loop = provider.GetRequiredService<ReconcileLoop>();
            var apps = Enumerable.Range(0, applications).Select(i => Application(i, url)).ToList();

            Console.WriteLine($"{applications} applications, one ConfigMap each, one local Git repository; loop with 20 status and 10 operation workers; GC server={System.Runtime.GCSettings.IsServerGC}; processors={Environment.ProcessorCount}");
            using var stop = new CancellationTokenSource();
            var run = loop.RunAsync(stop.Token);

            await PassAsync("first pass: resolve, render, compare, sync, compare", emulator, renders, statuses, apps, () =>
            {
                foreach (var app in apps)
                {
                    loop.AddOrUpdate(app);
                }
            }, synced: true);
            await PassAsync("full status pass, nothing changed", emulator, renders, statuses, apps, () =>
            {
                foreach (var app in apps)
                {
                    loop.Refresh(app.QualifiedName);
                }
            });
            await PassAsync("second full status pass, nothing changed", emulator, renders, statuses, apps, () =>
            {
                foreach (var app in apps)
                {
                    loop.Refresh(app.QualifiedName);
                }
            });
            await PassAsync("hard refresh pass (re-render every application)", emulator, renders, statuses, apps, () =>
            {
                foreach (var app in apps)
                {
                    loop.Refresh(app.QualifiedName, hard: true);
                }
            });

            await stop.CancelAsync();
            await run;

            // What a status pass spends resolving revisions alone (one ls-remote of the repository per application).
            var sources = provider.GetRequiredService<GitOps.Sources.ISourceResolver>();
            var resolve = Stopwatch.StartNew();
            await Parallel.ForEachAsync(apps, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (app, ct) =>
                await sources.OpenAsync(new GitOps.Sources.SourceReference(app.Spec.Source!.RepoUrl, app.Spec.Source.TargetRevision), ct));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resolving the revision of every application alone (20 at once): {resolve.Elapsed.TotalSeconds:F1} s"));

            // What a status pass spends comparing alone, against the warm cache (dry runs cached too).
            var comparer = provider.GetRequiredService<IStateComparer>();
            var desired = apps.ToDictionary(a => a.Name, a => (IReadOnlyList<ManifestObject>)[ManifestReader.Default.Read(File.ReadAllText(Path.Combine(root, "source", a.Name, "config.yaml")), "config.yaml")[0]]);
            var compare = Stopwatch.StartNew();
            await Parallel.ForEachAsync(apps, new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (app, ct) =>
                await comparer.CompareAsync(client, new ComparisonRequest { ApplicationName = app.Name, Desired = desired[app.Name], DestinationNamespace = Namespace, LiveState = cache }, ct));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"comparing every application alone (20 at once, warm cache): {compare.Elapsed.TotalSeconds:F1} s"));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static async Task PassAsync(
        string name, KubernetesEmulator emulator, CountingRenderService renders, IApplicationStatusStore statuses, List<Application> apps, Action start, bool synced = false)
    {
        emulator.RequestLog.Clear();
        var (calls, misses) = (renders.Calls, renders.Misses);
        var since = DateTimeOffset.UtcNow;
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        start();
        while (true)
        {
            var all = await statuses.ListAsync();
            var done = all.Count(s => s.ReconciledAt > since && (!synced || s.SyncStatus == ApplicationSyncStatus.Synced));
            if (done == apps.Count)
            {
                break;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{name}: only {done} of {apps.Count} applications done after 10 minutes");
            }

            await Task.Delay(20);
        }

        clock.Stop();
        process.Refresh();
        var requests = emulator.RequestLog.Counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key.Verb} {c.Key.Resource}: {c.Value}");
        var info = GC.GetGCMemoryInfo();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {clock.Elapsed.TotalSeconds:F1} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:F1} s CPU; renders {renders.Calls - calls} (cache misses {renders.Misses - misses}); " +
            $"API requests {emulator.RequestLog.Total} ({string.Join(", ", requests)}); peak working set {process.PeakWorkingSet64 / 1e6:F0} MB, GC heap {info.HeapSizeBytes / 1e6:F0} MB, managed in use {GC.GetTotalMemory(false) / 1e6:F0} MB"));
    }

    private static Application Application(int i, string url) => new()
    {
        Metadata = new ApplicationMetadata { Name = Name(i) },
        Spec = new ApplicationSpec
        {
            Source = new ApplicationSource { RepoUrl = url, TargetRevision = "main", Path = Name(i) },
            Destination = new ApplicationDestination { Namespace = Namespace },
            SyncPolicy = new ApplicationSyncPolicy { Automated = new AutomatedSyncPolicy { Prune = true, SelfHeal = true } },
        },
    };

    private static string Name(int i) => string.Create(CultureInfo.InvariantCulture, $"app{i:D4}");

    private static string CreateRepository(string folder, int applications)
    {
        Repository.Init(folder);
        using var repository = new Repository(folder);
        for (var i = 0; i < applications; i++)
        {
            var directory = Path.Combine(folder, Name(i));
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "config.yaml"), string.Create(CultureInfo.InvariantCulture,
                $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {Name(i)}\ndata:\n  index: \"{i}\"\n  greeting: hello from {Name(i)}\n"));
        }

        Commands.Stage(repository, "*");
        var signature = new Signature("bench", "bench@gitops.invalid", DateTimeOffset.UnixEpoch);
        repository.Commit("applications", signature, signature);
        if (repository.Branches["master"] is { } master)
        {
            repository.Branches.Rename(master, "main");
        }

        return new Uri(folder).AbsoluteUri;
    }

    private static async Task CreateNamespaceAsync(ClusterClient client)
    {
        var ns = new ManifestObject(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = Namespace },
        });
        var resource = await client.Discovery.GetAsync(ns);
        await client.ApplyAsync(resource, ns, new ApplyOptions { FieldManager = "bench", Force = true });
    }
}
