using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Cluster;

[NonParallelizable]
public sealed class LiveStateCacheTests
{
    private EmulatorFixture _cluster = null!;

    [OneTimeSetUp]
    public async Task Start() => _cluster = await EmulatorFixture.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    private static ManifestObject ConfigMap(string name) =>
        new(JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"default"}}""")!.AsObject());

    private static async Task<LiveStateChange> NextChangeAsync(LiveStateCache cache, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var change = await cache.Changes.ReadAsync(timeout.Token);
            if (change.Key.Name == name)
            {
                return change;
            }
        }
    }

    [Test]
    public async Task GetAsync_CreateUpdateDelete_FollowedByWatch()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("x"));
        await using var cache = new LiveStateCache(_cluster.Client);
        Assert.That((await cache.GetAsync(resource)).Any(o => o.Name == "watched"), Is.False);

        await _cluster.Client.CreateAsync(resource, ConfigMap("watched"));
        var added = await NextChangeAsync(cache, "watched");
        await _cluster.Client.DeleteAsync(resource, "default", "watched");
        var deleted = await NextChangeAsync(cache, "watched");

        Assert.Multiple(async () =>
        {
            Assert.That(added.Current, Is.Not.Null);
            Assert.That(deleted.Current, Is.Null);
            Assert.That((await cache.GetAsync(resource)).Any(o => o.Name == "watched"), Is.False);
        });
    }

    [Test]
    public async Task GetAsync_SecondCall_NoNewListRequest()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("x"));
        await using var cache = new LiveStateCache(_cluster.Client);
        await cache.GetAsync(resource);
        _cluster.Emulator.RequestLog.Clear();

        await cache.GetAsync(resource);
        await cache.GetAsync(resource);

        Assert.That(_cluster.Emulator.RequestLog.Count("list"), Is.Zero);
    }

    [Test]
    public async Task WatchAllAsync_EveryListableKind_Watched()
    {
        await using var cache = new LiveStateCache(_cluster.Client);

        await cache.WatchAllAsync();

        var kinds = (await _cluster.Client.Discovery.GetAllAsync())
            .Where(r => r.Supports("watch") && r.Kind != "Event").Select(r => (r.Group, r.Kind)).Distinct().Count();
        Assert.That(cache.WatchedKinds, Is.EqualTo(kinds));
    }

    [Test]
    public void GetAsync_KindTheServerRefuses_ThrowsAndCanRetry()
    {
        var bogus = new ApiResource("nope.example.com", "v1", "Nope", "nopes", true, ["list", "watch"]);
        var cache = new LiveStateCache(_cluster.Client);

        Assert.ThrowsAsync<KubernetesApiException>(async () => await cache.GetAsync(bogus));
        Assert.ThrowsAsync<KubernetesApiException>(async () => await cache.GetAsync(bogus));
        Assert.That(async () => await cache.DisposeAsync(), Throws.Nothing);
    }

    [Test]
    public async Task Watch_ClosedMidwayByServer_ResumedAndNothingMissed()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("x"));
        var rule = new GitOps.Testing.Faults.FaultRule { Verb = "watch", Resource = "configmaps", Count = 3, Fault = GitOps.Testing.Faults.Fault.CloseWatch(TimeSpan.FromMilliseconds(50)) };
        _cluster.Emulator.Faults.Add(rule);
        await using var cache = new LiveStateCache(_cluster.Client, new LiveStateCacheOptions { WatchRetryDelay = TimeSpan.FromMilliseconds(20) });
        await cache.GetAsync(resource);

        for (var i = 0; i < 5; i++)
        {
            await _cluster.Client.CreateAsync(resource, ConfigMap($"resumed-{i}"));
            await Task.Delay(40);
        }

        await NextChangeAsync(cache, "resumed-4");
        var names = (await cache.GetAsync(resource)).Select(o => o.Name).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(rule.Fired, Is.GreaterThan(0), "the server closed watches");
            Assert.That(Enumerable.Range(0, 5).Select(i => $"resumed-{i}"), Is.SubsetOf(names));
        });
    }

    [Test]
    public async Task Watch_ResumedFromVersionTooOld_RelistsAndConverges()
    {
        await using var small = await EmulatorFixture.StartAsync(new GitOps.Testing.KubernetesEmulatorOptions { WatchHistorySize = 16 });
        var resource = await small.Client.Discovery.GetAsync(ConfigMap("x"));
        // The first watch's connection drops and the cache waits 1.5 s to re-open it: more than 16 changes happen meanwhile.
        small.Emulator.Faults.Add(new GitOps.Testing.Faults.FaultRule { Verb = "watch", Resource = "configmaps", Count = 1, Fault = GitOps.Testing.Faults.Fault.DropConnection() });
        await using var cache = new LiveStateCache(small.Client, new LiveStateCacheOptions { WatchRetryDelay = TimeSpan.FromMilliseconds(1500) });
        await cache.GetAsync(resource);
        await Task.Delay(300);

        for (var i = 0; i < 40; i++)
        {
            await small.Client.CreateAsync(resource, ConfigMap($"burst-{i}"));
        }

        small.Emulator.RequestLog.Clear();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await cache.GetAsync(resource)).Count(o => o.Name.StartsWith("burst-", StringComparison.Ordinal)) < 40 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await cache.GetAsync(resource)).Count(o => o.Name.StartsWith("burst-", StringComparison.Ordinal)), Is.EqualTo(40));
            Assert.That(small.Emulator.RequestLog.Count("list", "configmaps"), Is.GreaterThan(0), "a 410 is healed by listing again");
        });
    }
}
