using GitOps.Comparison;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Reconcile;

public sealed class ApplicationReconcilerPreviewTests : EmulatorTest
{
    [Test]
    public async Task RenderAsync_PinnedRevision_RendersThatCommitWithoutPublishing()
    {
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("preview"));
        var first = h.CommitConfigMap("settings", "1");
        h.CommitConfigMap("settings", "2");
        var app = h.Application("web", automated: false);
        var pinned = app with { Spec = app.Spec with { Source = app.Spec.Source! with { TargetRevision = first } } };

        var rendered = await h.Reconciler.RenderAsync(pinned);

        Assert.Multiple(async () =>
        {
            Assert.That(rendered.Revision, Is.EqualTo(first));
            Assert.That(rendered.Objects.Single().Root["data"]!["value"]!.GetValue<string>(), Is.EqualTo("1"));
            Assert.That(await h.Statuses.GetAsync(h.Name("web")), Is.Null, "rendering publishes no status");
        });
    }

    [Test]
    public async Task CompareAsync_LiveEdited_OutOfSyncWithUnifiedDiffAndNothingSynced()
    {
        await using var h = new ReconcileHarness(Cluster, await NewNamespaceAsync("preview"));
        h.CommitConfigMap("settings", "1");
        var app = h.Application("web", automated: false);
        await h.Reconciler.SyncNowAsync(app, null, h.Context());
        await h.EditLiveAsync("settings", "edited");

        var comparison = await h.Reconciler.CompareAsync(app, await h.Reconciler.RenderAsync(app), h.Context());

        var resource = comparison.Resources.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(comparison.SyncStatus, Is.EqualTo(ApplicationSyncStatus.OutOfSync));
            Assert.That(resource.Diff!.UnifiedDiff, Does.Contain("-  value: edited").And.Contain("+  value: \"1\""));
            Assert.That(await h.LiveValueAsync("settings"), Is.EqualTo("edited"));
        });
    }
}
