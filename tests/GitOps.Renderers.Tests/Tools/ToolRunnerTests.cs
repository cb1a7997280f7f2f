using System.Text;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Tests.Tools;

public sealed class ToolRunnerTests : StandInToolTest
{
    private static ToolRunner Runner(TimeSpan? timeout = null, int concurrency = 4) =>
        new(Options.Create(new ExternalToolSettings { Timeout = timeout ?? TimeSpan.FromSeconds(30), MaxConcurrency = concurrency }),
            TimeProvider.System, NullLogger<ToolRunner>.Instance);

    // The fake tool starts a grandchild that would outlive a plain kill of the tool itself.
    private string SleeperWithChild() => Script("sleeper", "sleep 60 &\necho $! > \"$1\"\nwait");

    private static async Task<int> ReadPidAsync(string file)
    {
        for (var i = 0; i < 200 && (!File.Exists(file) || new FileInfo(file).Length == 0); i++)
        {
            await Task.Delay(25);
        }

        return int.Parse((await File.ReadAllTextAsync(file)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> IsGoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "status");
            if (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    [Test]
    public async Task RunAsync_Timeout_EndsWholeProcessTreeAndSaysSo()
    {
        using var runner = Runner(TimeSpan.FromSeconds(1));
        var pidFile = Path.Combine(Dir.Path, "child.pid");
        var command = new ToolCommand(ExternalTool.Helm, SleeperWithChild(), [pidFile], Dir.Path);

        var run = runner.RunAsync(command, CancellationToken.None);
        var child = await ReadPidAsync(pidFile);
        var error = Assert.ThrowsAsync<RenderException>(async () => await run)!;

        Assert.Multiple(async () =>
        {
            Assert.That(error.Message, Does.Contain("helm did not finish within 1 s"));
            Assert.That(await IsGoneAsync(child), Is.True, "the grandchild process must be ended too");
        });
    }

    [Test]
    public async Task RunAsync_Cancelled_EndsWholeProcessTreeAndThrowsCancellation()
    {
        using var runner = Runner();
        using var cts = new CancellationTokenSource();
        var pidFile = Path.Combine(Dir.Path, "child.pid");
        var run = runner.RunAsync(new ToolCommand(ExternalTool.Jsonnet, SleeperWithChild(), [pidFile], Dir.Path), cts.Token);
        var child = await ReadPidAsync(pidFile);

        await cts.CancelAsync();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await IsGoneAsync(child), Is.True);
    }

    [Test]
    public async Task RunAsync_ArgumentsWithSpacesQuotesAndDashes_ArriveVerbatimWithoutShell()
    {
        using var runner = Runner();
        var echo = Script("echo-args", "for a in \"$@\"; do printf '%s\\n' \"$a\"; done");
        string[] arguments = ["--set=a=b", "-x", "two words", "$(touch pwned)", "'quoted'", "; ls"];

        var result = await runner.RunAsync(new ToolCommand(ExternalTool.Helm, echo, arguments, Dir.Path), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(arguments));
            Assert.That(File.Exists(Path.Combine(Dir.Path, "pwned")), Is.False);
        });
    }

    [Test]
    public async Task RunAsync_Secrets_RedactedFromErrorOutput()
    {
        using var runner = Runner();
        var failing = Script("fail", "echo \"auth failed for $1\" >&2\nexit 3");

        var result = await runner.RunAsync(
            new ToolCommand(ExternalTool.Helm, failing, ["hunter2-secret"], Dir.Path) { Secrets = ["hunter2-secret"] }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.Stderr, Does.Contain("auth failed for ***").And.Not.Contain("hunter2"));
        });
    }

    [Test]
    public async Task RunAsync_ConcurrencyLimit_RunsAtMostThatManyAtOnce()
    {
        using var runner = Runner(concurrency: 2);
        var counter = Path.Combine(Dir.Path, "running");
        // Each call records how many calls were running when it started, using a lock folder as a counter.
        var tool = Script("count", $"mkdir \"{counter}.$$\"\nls -d \"{counter}\".* | wc -l\nsleep 0.3\nrmdir \"{counter}.$$\"");

        var runs = Enumerable.Range(0, 6)
            .Select(_ => runner.RunAsync(new ToolCommand(ExternalTool.Helm, tool, [], Dir.Path), CancellationToken.None))
            .ToArray();
        var results = await Task.WhenAll(runs);

        var peaks = results.Select(r => int.Parse(Encoding.UTF8.GetString(r.Stdout).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(peaks.Max(), Is.LessThanOrEqualTo(2));
            Assert.That(runner.Invocations, Is.EqualTo(6));
        });
    }
}
