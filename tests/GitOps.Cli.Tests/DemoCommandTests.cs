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
            Assert.That(output, Does.Not.Contain("Dashboard:"));
        });
    }

    [Test]
    public async Task Demo_WithDashboard_ServesTheOutOfSyncApplicationUntilCancelled()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var demo = CliRun.Start(stop.Token, "demo");

        var url = await demo.WaitForAsync(@"Dashboard: (http://127\.0\.0\.1:\d+/)");
        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri(url));
        await stop.CancelAsync();
        var code = await demo.Exit;

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain("guestbook"));
            Assert.That(page, Does.Contain("OutOfSync"), "after the walkthrough's rollback, main (v3) is not what runs");
            Assert.That(code, Is.Zero, demo.Error);
        });
    }
}
