using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Diff;
using GitOps.Manifests;
using GitOps.Testing;
using GitOps.Tracking;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Benchmarks;

/// <summary>
/// Server-side diff of 1,000 objects against the emulator: requests made per object and the most requests in flight
/// at once (the comparer's concurrency bound, default 8). Run: <c>quick ssd</c>.
/// </summary>
internal static class ServerSideDiffMeasure
{
    public static async Task RunAsync(int objects = 1000)
    {
        await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { RequestLogCapacity = 100_000 });
        var probe = new InFlightProbe();
        using var client = new ClusterClient(new Kubernetes(
            new ClusterConnectionOptions { Server = emulator.BaseAddress }.ToClientConfiguration(), probe));
        var services = new ServiceCollection();
        services.AddGitOpsCore();
        await using var provider = services.BuildServiceProvider();
        var comparer = provider.GetRequiredService<IStateComparer>();

        var desired = Enumerable.Range(0, objects).Select(i => ConfigMap(i)).ToList();
        var configMaps = await client.Discovery.GetAsync(desired[0]);
        foreach (var item in desired)
        {
            var applied = item.DeepClone();
            ResourceTracking.Mark(applied, "bench");
            await client.ApplyAsync(configMaps, applied);
        }

        emulator.RequestLog.Clear();
        probe.Reset();
        var watch = Stopwatch.StartNew();
        var result = await comparer.CompareAsync(client, new ComparisonRequest
        {
            ApplicationName = "bench",
            Desired = desired,
            DestinationNamespace = "default",
            Strategy = DiffStrategy.ServerSide,
            ExtraneousKinds = [new GroupVersionKind(string.Empty, "v1", "ConfigMap")],
        });
        watch.Stop();

        var patches = emulator.RequestLog.Count("patch", "configmaps");
        var total = emulator.RequestLog.Requests.Count(r => r.IsResourceRequest);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server-side diff of {objects} objects: {result.SyncStatus} in {watch.Elapsed.TotalMilliseconds:F0} ms; " +
            $"{patches} dry-run applies = {(double)patches / objects:F2} per object, {total} resource requests in all " +
            $"({(double)total / objects:F3} per object); at most {probe.MaxInFlight} requests in flight (bound 8)"));
    }

    private static ManifestObject ConfigMap(int i) => new(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = string.Create(CultureInfo.InvariantCulture, $"cm-{i:D4}"), ["namespace"] = "default" },
        ["data"] = new JsonObject { ["value"] = new string('x', 1024) },
    });

    /// <summary>Counts the requests in flight through the client's HTTP pipeline.</summary>
    private sealed class InFlightProbe : DelegatingHandler
    {
        private int _current;
        private int _max;

        public int MaxInFlight => _max;

        public void Reset()
        {
            _current = 0;
            _max = 0;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _current);
            }
        }
    }
}
