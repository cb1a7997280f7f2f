using GitOps.Comparison;
using GitOps.Reconcile;

namespace GitOps.Tests.Reconcile;

public sealed class InMemoryApplicationStatusStoreTests
{
    [Test]
    public async Task WatchAsync_StatusesSavedAfterSubscribing_YieldedInOrder()
    {
        var store = new InMemoryApplicationStatusStore();
        await store.SaveAsync(new ApplicationStatus { Application = "before" });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watch = store.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = watch.MoveNextAsync();

        await store.SaveAsync(new ApplicationStatus { Application = "a", SyncStatus = ApplicationSyncStatus.OutOfSync });
        await store.SaveAsync(new ApplicationStatus { Application = "a", SyncStatus = ApplicationSyncStatus.Synced });

        Assert.That(await next, Is.True);
        Assert.That(watch.Current, Is.EqualTo(new ApplicationStatus { Application = "a", SyncStatus = ApplicationSyncStatus.OutOfSync }).Using<ApplicationStatus>((x, y) => x.Application == y.Application && x.SyncStatus == y.SyncStatus));
        Assert.That(await watch.MoveNextAsync(), Is.True);
        Assert.That(watch.Current.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
    }

    [Test]
    public async Task WatchAsync_Cancelled_EndsAndStopsReceiving()
    {
        var store = new InMemoryApplicationStatusStore();
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();
        var reading = Task.Run(async () =>
        {
            await foreach (var status in store.WatchAsync(stop.Token))
            {
                seen.Add(status.Application);
                await stop.CancelAsync();
            }
        });

        // Save until the watcher, which subscribes asynchronously, has seen one.
        while (!reading.IsCompleted)
        {
            await store.SaveAsync(new ApplicationStatus { Application = "a" });
            await Task.Delay(10);
        }

        Assert.That(async () => await reading, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(seen, Is.EqualTo(new[] { "a" }));
    }
}
