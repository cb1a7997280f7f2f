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
    public async Task SyncPost_WhileItRuns_ViewersToldAndPageShowsItAndSecondSyncRefused()
    {
        var app = await AddApplicationAsync();
        var (entered, release) = SyncEngine.Hold(app.Name);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var viewer = new HttpClient { BaseAddress = Dashboard.Url };
        using var stream = await viewer.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntilAsync(reader, l => l == ": connected", timeout.Token);
        using var client = DashboardHttp.Client(Dashboard.Url);
        var csrf = await DashboardHttp.CsrfTokenAsync(client);

        using var firstRequest = DashboardHttp.Action("/app/sync?name=" + app.Name, csrf);
        var first = client.SendAsync(firstRequest, timeout.Token);
        await entered.WaitAsync(timeout.Token);
        await ReadUntilAsync(reader, l => l == "event: operation", timeout.Token);
        var data = await reader.ReadLineAsync(timeout.Token);
        var page = await client.GetStringAsync("/app?name=" + app.Name, timeout.Token);
        using var secondRequest = DashboardHttp.Action("/app/sync?name=" + app.Name, csrf);
        using var second = await client.SendAsync(secondRequest, timeout.Token);
        release.SetResult();
        using var firstResponse = await first;

        Assert.That(data, Is.EqualTo($"data: {{\"application\":\"{app.Name}\"}}"));
        Assert.That(page, Does.Contain("data-phase=\"Running\"").And.Contain("id=\"sync-button\" title=\"Sync to the target revision now\" disabled>Syncing…"));
        Assert.That(second.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Conflict));
        Assert.That(await second.Content.ReadAsStringAsync(timeout.Token), Does.Contain("operation running"));
        Assert.That(firstResponse.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(await app.LiveGreetingAsync(), Is.EqualTo("hello v1"));
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
