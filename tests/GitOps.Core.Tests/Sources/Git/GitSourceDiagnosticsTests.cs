using GitOps.Tests.TestSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GitOps.Diagnostics;
using GitOps.Sources.Git;
using GitOps.Tests.Sources.Fixtures;

namespace GitOps.Tests.Sources.Git;

/// <summary>Logs, metrics, spans, cancellation, and SSH through the system's ssh program.</summary>
public sealed class GitSourceDiagnosticsTests
{
    private TempDirectory _temp = null!;
    private TestRepository _repository = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        _temp = new TempDirectory();
        _repository = TestRepository.Create(_temp.Path, "diag");
        _repository.WriteFile("a.yaml", "a: 1\n").Commit("one");
    }

    [OneTimeTearDown]
    public void Cleanup() => _temp.Dispose();

    [Test]
    public async Task ResolveRevisionAsync_Fetch_RecordsDurationSpanAndLogs()
    {
        var durations = new ConcurrentQueue<(double Seconds, string? Outcome)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GitOpsTelemetry.Name && instrument.Name == "gitops.git.fetch.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            durations.Enqueue((value, tags.ToArray().FirstOrDefault(t => t.Key == "outcome").Value as string)));
        meters.Start();
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GitOpsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        var logger = new CapturingLogger<GitRepositoryCache>();
        using var cache = GitRepositoryCacheTests.NewCache(_temp.Sub("cache-" + Guid.NewGuid().ToString("N")[..6]), logger: logger);

        await cache.ResolveRevisionAsync(_repository.FileUrl, "main");

        Assert.Multiple(() =>
        {
            Assert.That(durations, Has.Some.Matches<(double Seconds, string? Outcome)>(d => d.Outcome == "success" && d.Seconds > 0));
            Assert.That(spans.Select(s => s.OperationName), Has.Member("gitops.git.fetch").And.Member("gitops.git.resolve"));
            Assert.That(logger.Messages, Has.Some.Contains("Fetching file://").And.Some.Contains("Fetched file://"));
        });
    }

    [Test]
    public void ResolveRevisionAsync_Canceled_Throws()
    {
        using var cache = GitRepositoryCacheTests.NewCache(_temp.Sub("cache-canceled"));
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        Assert.That(
            async () => await cache.ResolveRevisionAsync(_repository.FileUrl, "main", canceled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task ResolveRevisionAsync_SshThroughGitSshCommand_Works()
    {
        // libgit2 runs the system's ssh program (GIT_SSH_COMMAND when set). The stand-in skips the options and the
        // host and runs the requested git-upload-pack locally, so the real SSH transport code path is exercised.
        await WithSshCommandAsync("while [ $# -gt 1 ]; do shift; done\nexec sh -c \"$1\"", async () =>
        {
            using var cache = GitRepositoryCacheTests.NewCache(_temp.Sub("cache-ssh"));

            var tree = await cache.OpenAsync($"ssh://git@localhost{_repository.Path}", "main");

            Assert.That(await tree.ReadFileAsync("a.yaml"), Is.EqualTo("a: 1\n"u8.ToArray()));
            Assert.That(tree.Origin, Is.EqualTo($"ssh://localhost{_repository.Path}"));
        });
    }

    [Test]
    public async Task ResolveRevisionAsync_SshClientFails_FailsWithNetworkNamingRepository()
    {
        await WithSshCommandAsync("echo 'Permission denied (publickey).' >&2\nexit 255", () =>
        {
            using var cache = GitRepositoryCacheTests.NewCache(_temp.Sub("cache-ssh-denied"));

            var error = Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveRevisionAsync("git@git.example.invalid:org/repo.git", "main"));

            // libgit2's exec-based SSH transport does not pass the ssh client's error text on, so the kind is Network.
            Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.Network));
            Assert.That(error.Message, Does.Contain("ssh://git.example.invalid/org/repo").And.Contain("main"));
            return Task.CompletedTask;
        });
    }

    private async Task WithSshCommandAsync(string script, Func<Task> test)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("The stand-in ssh program is a POSIX shell script.");
        }

        var fakeSsh = _temp.Sub("fake-ssh-" + Guid.NewGuid().ToString("N")[..6] + ".sh");
        await File.WriteAllTextAsync(fakeSsh, "#!/bin/sh\n" + script + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fakeSsh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // libgit2 reads the native environment, which Environment.SetEnvironmentVariable does not change on Unix.
        var previous = Environment.GetEnvironmentVariable("GIT_SSH_COMMAND");
        NativeEnvironment.Set("GIT_SSH_COMMAND", fakeSsh);
        try
        {
            await test();
        }
        finally
        {
            NativeEnvironment.Set("GIT_SSH_COMMAND", previous);
        }
    }
}
