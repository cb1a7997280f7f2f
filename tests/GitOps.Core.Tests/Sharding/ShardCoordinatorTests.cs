using System.Collections.Concurrent;
using GitOps.Sharding;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Sharding;

public sealed class ShardCoordinatorTests : EmulatorTest
{
    private static readonly string[] Apps = Enumerable.Range(0, 60).Select(i => $"app-{i}").ToArray();

    private ShardCoordinator Replica(string ns, string identity) => new(Cluster.Client, new ShardingOptions
    {
        Namespace = ns,
        Group = "test",
        Identity = identity,
        LeaseDuration = TimeSpan.FromMilliseconds(1200),
        RenewInterval = TimeSpan.FromMilliseconds(300),
    });

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(25);
        }
    }

    [Test]
    public async Task Replicas_JoinCrashAndLeave_EveryApplicationOwnedOnceAndNeverTwice()
    {
        var ns = await NewNamespaceAsync("shards");
        var replicas = new ConcurrentDictionary<string, ShardCoordinator>();
        var violations = new ConcurrentQueue<string>();
        using var stopMonitor = new CancellationTokenSource();
        var monitor = Task.Run(async () =>
        {
            while (!stopMonitor.IsCancellationRequested)
            {
                foreach (var app in Apps)
                {
                    var owners = replicas.Where(r => r.Value.Owns(app)).Select(r => r.Key).ToList();
                    if (owners.Count > 1)
                    {
                        violations.Enqueue($"{app}: {string.Join(", ", owners)}");
                    }
                }

                await Task.Delay(10);
            }
        });

        bool AllOwnedOnceBy(params string[] identities) =>
            Apps.All(app => identities.Count(i => replicas[i].Owns(app)) == 1);

        var a = Replica(ns, "a");
        replicas["a"] = a;
        await a.StartAsync();
        await WaitUntilAsync(() => AllOwnedOnceBy("a"), TimeSpan.FromSeconds(10), "a owns everything");

        var b = Replica(ns, "b");
        var c = Replica(ns, "c");
        replicas["b"] = b;
        replicas["c"] = c;
        await Task.WhenAll(b.StartAsync(), c.StartAsync());
        await WaitUntilAsync(() => AllOwnedOnceBy("a", "b", "c") && Apps.Any(c.Owns) && Apps.Any(b.Owns), TimeSpan.FromSeconds(10), "three replicas share");
        var sharedByThree = Apps.Count(c.Owns);

        await c.AbandonAsync();
        await WaitUntilAsync(() => AllOwnedOnceBy("a", "b") && !Apps.Any(c.Owns), TimeSpan.FromSeconds(10), "a crashed replica's share moves");

        await b.StopAsync();
        await WaitUntilAsync(() => AllOwnedOnceBy("a"), TimeSpan.FromSeconds(10), "a stopped replica's share moves");

        await stopMonitor.CancelAsync();
        await monitor;
        await a.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty, "an application was owned by two replicas at once");
            Assert.That(sharedByThree, Is.InRange(5, 40), "the third replica took a share");
        });
    }

    [Test]
    public void Constructor_RenewTooSlowForLease_ThrowsNamingBoth() =>
        Assert.That(() => new ShardCoordinator(Cluster.Client, new ShardingOptions
        {
            Identity = "x",
            LeaseDuration = TimeSpan.FromSeconds(10),
            RenewInterval = TimeSpan.FromSeconds(5),
        }), Throws.InstanceOf<System.ComponentModel.DataAnnotations.ValidationException>().With.Message.Contains("RenewInterval"));
}
