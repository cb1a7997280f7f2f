using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using GitOps.Testing;

namespace GitOps.Benchmarks;

/// <summary>
/// The emulator's throughput over loopback (get, list and server-side apply from several concurrent HttpClients)
/// and its memory for 10,000 ConfigMaps of 1 KB. Controllers run with no delay, as a benchmark would set them.
/// </summary>
internal static class EmulatorMeasure
{
    private const int Clients = 8;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    public static async Task RunAsync()
    {
        // Memory first, in a fresh process, so the throughput run's garbage does not blur it.
        await MeasureMemoryAsync().ConfigureAwait(false);
        await MeasureThroughputAsync().ConfigureAwait(false);
    }

    private static async Task MeasureThroughputAsync()
    {
        var options = new KubernetesEmulatorOptions();
        options.Controllers.Delay = TimeSpan.Zero;
        await using var emulator = await KubernetesEmulator.StartAsync(options).ConfigureAwait(false);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients };
        using var http = new HttpClient(handler) { BaseAddress = emulator.BaseAddress };
        for (var i = 0; i < 20; i++)
        {
            using var content = Json(ConfigMap($"cm-{i}", 256));
            (await http.PostAsync("/api/v1/namespaces/default/configmaps", content).ConfigureAwait(false)).EnsureSuccessStatusCode();
        }

        await RateAsync("get one ConfigMap", http, (client, n) => client.GetAsync($"/api/v1/namespaces/default/configmaps/cm-{n % 20}")).ConfigureAwait(false);
        await RateAsync("list 20 ConfigMaps", http, (client, _) => client.GetAsync("/api/v1/namespaces/default/configmaps")).ConfigureAwait(false);
        await RateAsync("server-side apply (changing data)", http, (client, n) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/namespaces/default/configmaps/apply-{n % 50}?fieldManager=bench&force=true")
            {
                Content = new StringContent($"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"apply-{n % 50}\"}},\"data\":{{\"n\":\"{n}\"}}}}", Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
            return client.SendAsync(request);
        }).ConfigureAwait(false);
    }

    private static async Task RateAsync(string name, HttpClient http, Func<HttpClient, int, Task<HttpResponseMessage>> send)
    {
        // A short warm-up so JIT and connection setup are not measured.
        for (var i = 0; i < 200; i++)
        {
            using var warm = await send(http, i).ConfigureAwait(false);
            warm.EnsureSuccessStatusCode();
        }

        var clock = Stopwatch.StartNew();
        var total = 0;
        var workers = Enumerable.Range(0, Clients).Select(async w =>
        {
            var n = w * 1_000_000;
            while (clock.Elapsed < Window)
            {
                using var response = await send(http, n++).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                Interlocked.Increment(ref total);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {total / clock.Elapsed.TotalSeconds:F0} requests/s ({Clients} concurrent clients, {total} requests in {clock.Elapsed.TotalSeconds:F1} s)"));
    }

    private static async Task MeasureMemoryAsync()
    {
        const int Count = 10_000;
        var options = new KubernetesEmulatorOptions { WatchHistorySize = 1000 };
        options.Controllers.Delay = TimeSpan.Zero;
        await using var emulator = await KubernetesEmulator.StartAsync(options).ConfigureAwait(false);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients };
        using var http = new HttpClient(handler) { BaseAddress = emulator.BaseAddress };
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Count)
            {
                using var content = Json(ConfigMap($"mem-{i}", 1024));
                using var response = await http.PostAsync("/api/v1/namespaces/default/configmaps", content).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
            }
        })).ConfigureAwait(false);
        var created = clock.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Count} ConfigMaps of 1 KB: created in {created.TotalSeconds:F1} s ({Count / created.TotalSeconds:F0}/s); managed heap +{(after - before) / 1e6:F0} MB ({after / 1e6:F0} MB live); process working set {workingSetBefore / 1e6:F0} MB before, {Process.GetCurrentProcess().WorkingSet64 / 1e6:F0} MB after"));
    }

    private static string ConfigMap(string name, int bytes) =>
        $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\"}},\"data\":{{\"payload\":\"{new string('x', bytes)}\"}}}}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
