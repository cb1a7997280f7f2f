using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Diff;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;
using GitOps.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Comparison;

/// <summary>What a repeated comparison costs: dry runs reused while nothing changed, own objects found through the cache's index.</summary>
public sealed class StateComparerCachingTests : EmulatorTest
{
    private static readonly GroupVersionKind ConfigMapKind = new(string.Empty, "v1", "ConfigMap");

    private IStateComparer Comparer => Services.GetRequiredService<IStateComparer>();

    private static ManifestObject ConfigMap(string name, string value = "v") =>
        ManifestObjects.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"key":"{{{value}}}"}}""");

    private async Task SyncAsync(string app, string ns, params ManifestObject[] desired)
    {
        foreach (var original in desired)
        {
            var copy = original.DeepClone();
            copy.Namespace = ns;
            ResourceTracking.Mark(copy, app);
            await Cluster.ApplyAsync(copy);
        }
    }

    private async Task EditLiveAsync(string ns, string name, string value)
    {
        var resource = await Cluster.Client.Discovery.GetAsync(ConfigMap(name));
        await Cluster.Client.PatchAsync(resource, ns, name, "application/merge-patch+json",
            System.Text.Json.Nodes.JsonNode.Parse($$$"""{"data":{"key":"{{{value}}}"}}""")!, fieldManager: "kubectl-edit");
    }

    [Test]
    public async Task CompareAsync_ObjectAndLiveUnchanged_ReusesTheDryRunUntilEitherChangesOrAHardRefresh()
    {
        var ns = await NewNamespaceAsync("dry");
        ManifestObject[] desired = [ConfigMap("a"), ConfigMap("b"), ConfigMap("c")];
        await SyncAsync("dry-runs", ns, desired);
        var request = new ComparisonRequest { ApplicationName = "dry-runs", Desired = desired, DestinationNamespace = ns, ExtraneousKinds = [ConfigMapKind] };
        long Patches() => Cluster.Emulator.RequestLog.Count("patch", "configmaps");

        await Comparer.CompareAsync(Cluster.Client, request);
        Cluster.Emulator.RequestLog.Clear();
        var again = await Comparer.CompareAsync(Cluster.Client, request);
        var reused = Patches();
        var hard = await Comparer.CompareAsync(Cluster.Client, request with { SkipDryRunCache = true });
        var afterHard = Patches();
        await EditLiveAsync(ns, "b", "edited");
        Cluster.Emulator.RequestLog.Clear();
        var drifted = await Comparer.CompareAsync(Cluster.Client, request);
        var afterEdit = Patches() - 1; // the edit itself is a patch too
        Cluster.Emulator.RequestLog.Clear();
        var changed = await Comparer.CompareAsync(Cluster.Client, request with { Desired = [ConfigMap("a", "new"), ConfigMap("b"), ConfigMap("c")] });

        Assert.Multiple(() =>
        {
            Assert.That(again.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(reused, Is.Zero, "no dry run when neither side changed");
            Assert.That(hard.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(afterHard, Is.EqualTo(3), "a hard refresh dry-runs every object");
            Assert.That(drifted.Resources.Single(r => r.Status == ResourceSyncStatus.OutOfSync).Key.Name, Is.EqualTo("b"));
            Assert.That(afterEdit, Is.Zero, "the edited object's dry run was redone (counted once with the edit's own patch)");
            Assert.That(Patches(), Is.EqualTo(1), "only the changed desired object is dry-run again");
            Assert.That(changed.Resources.Where(r => r.Status == ResourceSyncStatus.OutOfSync).Select(r => r.Key.Name), Is.EquivalentTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public async Task CompareAsync_WarmCacheSharedByApplications_FindsOnlyItsOwnExtraneousObjects()
    {
        var ns = await NewNamespaceAsync("index");
        await SyncAsync("mine", ns, ConfigMap("kept"), ConfigMap("left-over"));
        await SyncAsync("theirs", ns, ConfigMap("other"));
        await using var cache = new LiveStateCache(Cluster.Client);
        var request = new ComparisonRequest
        {
            ApplicationName = "mine", Desired = [ConfigMap("kept")], DestinationNamespace = ns, ExtraneousKinds = [ConfigMapKind], LiveState = cache,
            Strategy = DiffStrategy.ThreeWay,
        };

        var before = await Comparer.CompareAsync(Cluster.Client, request);
        var resource = await Cluster.Client.Discovery.GetAsync(ConfigMap("left-over"));
        await Cluster.Client.DeleteAsync(resource, ns, "left-over", PropagationPolicy.Background);
        await WaitUntilAsync(() => cache.Find(new ResourceKey(string.Empty, "ConfigMap", ns, "left-over")) is null);
        var after = await Comparer.CompareAsync(Cluster.Client, request);

        Assert.Multiple(() =>
        {
            Assert.That(before.Resources.Select(r => (r.Key.Name, r.Status)), Is.EquivalentTo(new[]
            {
                ("kept", ResourceSyncStatus.Synced), ("left-over", ResourceSyncStatus.Extraneous),
            }));
            Assert.That(after.Resources.Select(r => r.Key.Name), Is.EqualTo(new[] { "kept" }));
            Assert.That(cache.TrackedBy("theirs").Select(o => o.Name), Is.EqualTo(new[] { "other" }));
        });
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The cache did not see the deletion within 10 s.");
            }

            await Task.Delay(20);
        }
    }
}
