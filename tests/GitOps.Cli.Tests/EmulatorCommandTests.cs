using GitOps.Tests.TestSupport;

namespace GitOps.Cli.Tests;

public sealed class EmulatorCommandTests
{
    [Test]
    public async Task Emulator_WritesKubeconfig_KubectlTalksToItUntilCancelled()
    {
        var kubectl = Tools.Find("kubectl");
        using var dir = new TempDirectory();
        var kubeconfig = Path.Combine(dir.Path, "kubeconfig");
        using var stop = new CancellationTokenSource();
        var run = CliRun.RunAsync(stop.Token, "emulator", "--kubeconfig-out", kubeconfig);
        for (var i = 0; i < 200 && !File.Exists(kubeconfig); i++)
        {
            await Task.Delay(50);
        }

        var (exit, output) = await Tools.RunAsync(kubectl, null, "--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name");
        await stop.CancelAsync();
        var (code, printed, error) = await run;

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Contain("namespace/default"));
            Assert.That(code, Is.Zero, error);
            Assert.That(printed, Does.Contain("listening on http://127.0.0.1:").And.Contain("Stopping."));
        });
    }
}
