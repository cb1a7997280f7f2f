using GitOps.Comparison;
using GitOps.Dashboard.Tests.TestSupport;

namespace GitOps.Dashboard.Tests;

/// <summary>The server-sent event stream read as a client would, without a browser.</summary>
public sealed class StatusEventsTests : DashboardTest
{
    private static async Task<string> ReadUntilAsync(StreamReader reader, Func<string, bool> match, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (match(line))
            {
                return line;
            }
        }

        throw new AssertionException("the event stream ended");
    }

    [Test]
    public async Task Events_ApplicationGoesOutOfSync_StreamsAStatusEventAtThePushedCommit()
    {
        var app = await AddApplicationAsync();
        await Loop.SyncAsync(app.Name);
        await EventuallyAsync(async () => (await Statuses.GetAsync(app.Name))?.SyncStatus == ApplicationSyncStatus.Synced, "Synced");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new HttpClient { BaseAddress = Dashboard.Url };
        using var response = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntilAsync(reader, l => l == ": connected", timeout.Token);

        var head = app.Commit(version: 2);
        Loop.Refresh(app.Name);
        // Other events may come first (the rollout of the sync finishing); the one at the pushed commit must come.
        var data = await ReadUntilAsync(reader, l => l.StartsWith("data:", StringComparison.Ordinal) && l.Contains(head, StringComparison.Ordinal), timeout.Token);

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(data, Does.Contain($"\"application\":\"{app.Name}\"").And.Contain("\"sync\":\"OutOfSync\""));
    }

    [Test]
    public async Task DisposeAsync_WithAnOpenEventStream_EndsTheStreamInsteadOfWaitingForIt()
    {
        // A shutdown timeout longer than the test: stopping must end the stream itself, not wait it out.
        var dashboard = await DashboardServer.StartAsync(new DashboardOptions { ShutdownTimeout = TimeSpan.FromHours(1) }, Loop, Statuses, Cluster.Client);
        using var client = new HttpClient { BaseAddress = dashboard.Url };
        using var response = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();

        await dashboard.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var rest = await new StreamReader(stream).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(rest, Does.Contain(": connected"));
    }
}
