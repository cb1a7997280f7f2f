using System.Collections.Concurrent;
using System.Diagnostics;
using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Sharding;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

/// <summary>Three hosts in one process, each a reconcile loop with its own reconciler and status store, sharing applications through Leases.</summary>
public sealed class ReconcileLoopShardingTests : EmulatorTest
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RenewInterval = TimeSpan.FromMilliseconds(500);

    [Test]
    public async Task RunAsync_ThreeHostsOneCrashes_EachApplicationReconciledByExactlyOneHostAndTheCrashedShareMovesWithinTheLease()
    {
        var ns = await NewNamespaceAsync("hosts");
        var hosts = new List<Host>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                hosts.Add(new Host($"host-{i}", new ReconcileHarness(Cluster, ns), Cluster, ns));
            }

            // All hosts read one repository; each application is one folder with one ConfigMap.
            var repository = hosts[0].Harness;
            var apps = Enumerable.Range(0, 24).Select(i => repository.Application($"app{i}", path: $"app{i}")).ToList();
            foreach (var app in apps)
            {
                repository.Repository.WriteFile($"{app.Spec.Source!.Path}/cm.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {app.Name}\ndata:\n  value: \"1\"\n");
            }

            repository.Repository.Commit("24 applications");
            var names = apps.Select(a => a.QualifiedName).ToList();

            // Watch ownership for the whole test: no application may ever be owned by two hosts at once.
            var violations = new ConcurrentQueue<string>();
            using var stopMonitor = new CancellationTokenSource();
            var monitor = Task.Run(async () =>
            {
                while (!stopMonitor.IsCancellationRequested)
                {
                    foreach (var name in names)
                    {
                        var owners = hosts.Where(h => h.Shards.Owns(name)).Select(h => h.Id).ToList();
                        if (owners.Count > 1)
                        {
                            violations.Enqueue($"{name}: {string.Join(", ", owners)}");
                        }
                    }

                    await Task.Delay(5);
                }
            });

            foreach (var host in hosts)
            {
                await host.StartAsync(apps);
            }

            await ReconcileHarness.EventuallyAsync(
                () => Task.FromResult(names.All(n => hosts.Count(h => h.Shards.Owns(n)) == 1) && hosts.All(h => names.Any(h.Shards.Owns))),
                "the three hosts share the applications");
            await ReconcileHarness.EventuallyAsync(
                async () => (await Task.WhenAll(names.Select(n => AnySyncedAsync(hosts, n)))).All(s => s), "every application synced by its host");

            // A window of polls: each application is reconciled by its owner, and by no other host.
            var reconciledBy = await PollWindowAsync(hosts, names);
            var owners = names.ToDictionary(n => n, n => hosts.Single(h => h.Shards.Owns(n)).Id);
            Assert.That(reconciledBy, Is.EquivalentTo(owners.Select(o => new KeyValuePair<string, string[]>(o.Key, [o.Value]))),
                "each application reconciled by exactly its owner");

            // Crash host-2: its loop stops and its Lease is left to expire.
            var crashed = hosts[2];
            var moved = names.Where(n => owners[n] == crashed.Id).ToList();
            Assert.That(moved, Is.Not.Empty);
            var crashAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await crashed.CrashAsync();
            var survivors = hosts.Take(2).ToList();
            await ReconcileHarness.EventuallyAsync(async () => (await ReconciledSinceAsync(survivors, moved, crashAt)).All(m => m.Value.Length == 1),
                "the crashed host's applications reconciled by the survivors", seconds: 20);
            var movedWithin = clock.Elapsed;
            await TestContext.Out.WriteLineAsync($"{moved.Count} applications of the crashed host reconciled elsewhere {movedWithin.TotalMilliseconds:F0} ms after the crash (lease {LeaseDuration.TotalMilliseconds} ms, renew {RenewInterval.TotalMilliseconds} ms)");

            // Another window: the survivors split everything, and the applications they had keep their owner.
            var after = await PollWindowAsync(survivors, names);
            await stopMonitor.CancelAsync();
            await monitor;

            Assert.Multiple(() =>
            {
                Assert.That(violations, Is.Empty, "an application was owned by two hosts at once");
                Assert.That(after.Values.Select(v => v.Length), Is.All.EqualTo(1), "each application reconciled by exactly one survivor");
                Assert.That(names.Except(moved).Select(n => after[n].Single()), Is.EqualTo(names.Except(moved).Select(n => owners[n])),
                    "the survivors' own applications did not move");
                // The share moves once the Lease has expired and a survivor has re-read the members, plus one reconcile.
                Assert.That(movedWithin, Is.LessThan(LeaseDuration + RenewInterval + TimeSpan.FromSeconds(5)), "the share moved within the lease");
            });
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    // Waits until every application has been polled since now, then a few more polls, and says who reconciled each.
    private static async Task<Dictionary<string, string[]>> PollWindowAsync(IReadOnlyList<Host> hosts, IReadOnlyList<string> names)
    {
        var start = DateTimeOffset.UtcNow;
        await ReconcileHarness.EventuallyAsync(async () => (await ReconciledSinceAsync(hosts, names, start)).All(r => r.Value.Length > 0), "a poll of every application");
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        return await ReconciledSinceAsync(hosts, names, start);
    }

    private static async Task<bool> AnySyncedAsync(IEnumerable<Host> hosts, string name)
    {
        foreach (var host in hosts)
        {
            if ((await host.Harness.Statuses.GetAsync(name))?.SyncStatus == ApplicationSyncStatus.Synced)
            {
                return true;
            }
        }

        return false;
    }

    // For each application, the hosts that published a status for it after the given time.
    private static async Task<Dictionary<string, string[]>> ReconciledSinceAsync(IReadOnlyList<Host> hosts, IEnumerable<string> names, DateTimeOffset since)
    {
        var result = new Dictionary<string, string[]>();
        foreach (var name in names)
        {
            var by = new List<string>();
            foreach (var host in hosts)
            {
                if ((await host.Harness.Statuses.GetAsync(name))?.ReconciledAt > since)
                {
                    by.Add(host.Id);
                }
            }

            result[name] = [.. by];
        }

        return result;
    }

    // One host: a reconciler with its own caches and status store, a coordinator and a loop polling every 200 ms.
    private sealed class Host(string id, ReconcileHarness harness, EmulatorFixture cluster, string ns) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private ReconcileLoop? _loop;
        private Task? _run;

        public string Id { get; } = id;

        public ReconcileHarness Harness { get; } = harness;

        public ShardCoordinator Shards { get; } = new(cluster.Client, new ShardingOptions
        {
            Namespace = ns, Group = "hosts", Identity = id, LeaseDuration = LeaseDuration, RenewInterval = RenewInterval,
        });

        public async Task StartAsync(IEnumerable<GitOps.Applications.Application> applications)
        {
            await Shards.StartAsync();
            _loop = new ReconcileLoop(Harness.Reconciler, Harness.Cluster.Client, Harness.Services.GetRequiredService<ISyncStateStore>(),
                new ReconcileLoopOptions { PollInterval = TimeSpan.FromMilliseconds(200), PollJitter = TimeSpan.Zero, StatusProcessors = 4, OperationProcessors = 2 },
                shards: Shards);
            foreach (var application in applications)
            {
                _loop.AddOrUpdate(application);
            }

            _run = _loop.RunAsync(_stop.Token);
        }

        public async Task CrashAsync()
        {
            await StopLoopAsync();
            await Shards.AbandonAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await StopLoopAsync();
            await Shards.DisposeAsync();
            await Harness.DisposeAsync();
            _stop.Dispose();
        }

        private async Task StopLoopAsync()
        {
            await _stop.CancelAsync();
            if (_run is not null)
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(10));
                _run = null;
            }

            _loop?.Dispose();
            _loop = null;
        }
    }
}
