using System.Diagnostics;
using GitOps.Tests.TestSupport;

namespace GitOps.Cli.Tests;

public sealed class EmulatorCommandTests
{
    [Test]
    public async Task Emulator_WritesKubeconfig_KubectlTalksToItUntilCancelled()
    {
        var kubectl = FindKubectl();
        using var dir = new TempDirectory();
        var kubeconfig = Path.Combine(dir.Path, "kubeconfig");
        using var stop = new CancellationTokenSource();
        var run = CliRun.RunAsync(stop.Token, "emulator", "--kubeconfig-out", kubeconfig);
        for (var i = 0; i < 200 && !File.Exists(kubeconfig); i++)
        {
            await Task.Delay(50);
        }

        var (exit, output) = await RunKubectlAsync(kubectl, "--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name");
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

    private static string FindKubectl()
    {
        var folders = new[] { Environment.GetEnvironmentVariable("GITOPS_TOOLS_BIN"), Path.Combine(CliRun.RepositoryRoot, ".tools", "bin") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator));
        foreach (var folder in folders.Where(f => !string.IsNullOrEmpty(f)))
        {
            var candidate = Path.Combine(folder!, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Ignore("kubectl is not installed: run eng/install-tools.sh (eng/test.sh does) to test the emulator command with it.");
        return string.Empty;
    }

    private static async Task<(int ExitCode, string Output)> RunKubectlAsync(string kubectl, params string[] args)
    {
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
