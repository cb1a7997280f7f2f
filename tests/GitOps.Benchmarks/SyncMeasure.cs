using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Sync;
using GitOps.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks;

/// <summary>
/// Syncing 1,000 objects in 5 waves into the emulator: the time taken and the requests made against the minimum a
/// sync needs (one write per object). Run: <c>quick sync</c>.
/// </summary>
internal static class SyncMeasure
{
    public static async Task RunAsync(int objects = 1000, int waves = 5)
    {
        await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { RequestLogCapacity = 200_000 });
        using var client = new ClusterClient(new ClusterConnectionOptions { Server = emulator.BaseAddress });
        var services = new ServiceCollection();
        services.AddGitOpsCore();
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<ISyncEngine>();
        var desired = Enumerable.Range(0, objects).Select(i => ConfigMap(i, i % waves, "v1")).ToList();

        emulator.RequestLog.Clear();
        var watch = Stopwatch.StartNew();
        var first = await engine.SyncAsync(client, Request(desired));
        watch.Stop();
        Report("first sync (all created)", first, watch.Elapsed, emulator, objects);

        // A second commit changes 1% of the objects; ApplyOutOfSyncOnly makes the rest cost no write.
        var changed = desired.Select((d, i) => i % 100 == 0 ? ConfigMap(i, i % waves, "v2") : d).ToList();
        emulator.RequestLog.Clear();
        watch.Restart();
        var second = await engine.SyncAsync(client, Request(changed) with { Options = new SyncOptions { ApplyOutOfSyncOnly = true, HealthPollInterval = TimeSpan.FromMilliseconds(10) } });
        watch.Stop();
        Report("second sync (1% changed, ApplyOutOfSyncOnly)", second, watch.Elapsed, emulator, objects / 100);
    }

    private static SyncRequest Request(IReadOnlyList<ManifestObject> desired) => new()
    {
        ApplicationName = "bench",
        Revision = "r1",
        Desired = desired,
        DestinationNamespace = "default",
        Options = new SyncOptions { HealthPollInterval = TimeSpan.FromMilliseconds(10) },
    };

    private static void Report(string what, OperationState state, TimeSpan elapsed, KubernetesEmulator emulator, int minimumWrites)
    {
        var requests = emulator.RequestLog.Requests.Where(r => r.IsResourceRequest).ToList();
        var byVerb = string.Join(", ", requests.GroupBy(r => r.Verb).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {state.Phase} in {elapsed.TotalSeconds:F2} s; {requests.Count} resource requests ({byVerb}) against a minimum of {minimumWrites} writes"));
    }

    private static ManifestObject ConfigMap(int i, int wave, string value) => new(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = string.Create(CultureInfo.InvariantCulture, $"cm-{i:D4}"),
            ["annotations"] = new JsonObject { ["gitops.dotnet/sync-wave"] = wave.ToString(CultureInfo.InvariantCulture) },
        },
        ["data"] = new JsonObject { ["value"] = value },
    });
}
