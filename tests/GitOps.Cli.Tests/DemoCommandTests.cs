namespace GitOps.Cli.Tests;

public sealed class DemoCommandTests
{
    [Test]
    public async Task Demo_NoDashboard_WalksThroughEveryStepAndExitsZero()
    {
        var (code, output, error) = await CliRun.RunAsync("demo", "--no-dashboard");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("Step 1/10: Render").And.Contain("Step 10/10: Status after the rollback"));
            Assert.That(output, Does.Contain("(missing: a sync creates it)"), "the first diff shows everything missing");
            Assert.That(output, Does.Contain("-  replicas: 2").And.Contain("+  replicas: 3"), "the review diff shows the change");
            Assert.That(output, Does.Match(@"ConfigMap\s+default\s+guestbook-features\s+Pruned"), "--prune removes what v3 removed");
            Assert.That(output, Does.Contain("Application guestbook is Healthy."));
            Assert.That(output, Does.Match(@"3\s+[0-9a-f]{12}\s+\S+ \S+\s+3 unchanged, 1 pruned"), "history lists the three syncs");
            Assert.That(output, Does.Contain("Sync status:  OutOfSync"), "after the rollback v1 is live");
            Assert.That(output, Does.Contain("Done in"));
            Assert.That(output, Does.Not.Contain("dashboard is not wired"));
        });
    }

    [Test]
    public async Task Demo_WithDashboard_SaysItIsNotWiredYetAndExitsZero()
    {
        var (code, output, error) = await CliRun.RunAsync("demo");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("dashboard is not wired"));
        });
    }
}
