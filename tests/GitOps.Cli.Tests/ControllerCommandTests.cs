namespace GitOps.Cli.Tests;

public sealed class ControllerCommandTests : ClusterCommandTest
{
    [Test]
    public async Task Controller_AutomatedApplication_SyncsNewCommitsUntilCancelled()
    {
        CommitConfigMap("settings", "1");
        var apps = Path.Combine(TempPath, "apps");
        Directory.CreateDirectory(apps);
        File.Move(WriteApplication(automated: true), Path.Combine(apps, "app.yaml"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var run = CliRun.RunAsync(stop.Token, ["controller", "--apps", apps, "--poll-interval", "1s", .. Cluster]);
        var first = await EventuallyAsync(async () => await LiveValueAsync("settings") == "1");
        CommitConfigMap("settings", "2");
        var second = await EventuallyAsync(async () => await LiveValueAsync("settings") == "2");
        await stop.CancelAsync();
        var (code, output, error) = await run;

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True, "the first commit is synced");
            Assert.That(second, Is.True, "a new commit is picked up by polling");
            Assert.That(code, Is.Zero, error);
            Assert.That(error, Does.Contain("Reconciling 1 application(s)").And.Contain("every 1s").And.Contain("Stopped."));
            Assert.That(output, Does.Contain($"{App}: Synced, Healthy"));
            AssertNoToken(output, error);
        });
    }

    [Test]
    public async Task Controller_InvalidApplicationFile_ExitOneNamingIt()
    {
        var apps = Path.Combine(TempPath, "apps");
        Directory.CreateDirectory(apps);
        await File.WriteAllTextAsync(Path.Combine(apps, "bad.yaml"), "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: bad\nspec:\n  destination: {namespace: x}\n");

        var (code, _, error) = await CliRun.RunAsync(["controller", "--apps", apps, .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("bad.yaml").And.Contain("nothing was started"));
        });
    }

    [TestCase("controller")]
    [TestCase("controller", "--apps", ".", "--poll-interval", "0s")]
    public async Task Controller_UsageError_ExitTwo(params string[] args)
    {
        var (code, _, error) = await CliRun.RunAsync(args);

        Assert.That(code, Is.EqualTo(2), error);
    }

    // Polls a condition for up to 20 s; the test asserts on the result, so a timeout fails with a message.
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await condition())
            {
                return true;
            }
        }

        return false;
    }
}
