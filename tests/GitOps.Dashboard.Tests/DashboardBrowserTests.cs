using GitOps.Comparison;
using GitOps.Dashboard.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitOps.Dashboard.Tests;

/// <summary>The dashboard in a real browser (the machine's Chromium driven by Playwright) against a real loop, Git repository and emulated cluster.</summary>
public sealed class DashboardBrowserTests : DashboardTest
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    [OneTimeSetUp]
    public async Task LaunchBrowserAsync()
    {
        (_playwright, _browser) = await SystemChromium.LaunchAsync();
        SetDefaultExpectTimeout(15_000);
    }

    [OneTimeTearDown]
    public async Task CloseBrowserAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [SetUp]
    public async Task OpenPageAsync()
    {
        _context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        _page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePageAsync() => await _context.DisposeAsync();

    // Set on the window after the first load: still there later means the page was updated in place, never reloaded.
    private async Task MarkNoReloadAsync() => await _page.EvaluateAsync("() => { window.__loadedOnce = true; }");

    private async Task AssertNotReloadedAsync() =>
        Assert.That(await _page.EvaluateAsync<bool>("() => window.__loadedOnce === true"), Is.True, "the page was updated without a reload");

    [Test]
    public async Task SyncButton_OutOfSyncApplication_ListToDiffToSyncTurnsSyncedLive()
    {
        var app = await AddApplicationAsync(version: 1);
        await Loop.SyncAsync(app.Name);
        var v2 = app.Commit(version: 2);
        Loop.Refresh(app.Name);
        await EventuallyAsync(async () => (await Statuses.GetAsync(app.Name)) is { SyncStatus: ApplicationSyncStatus.OutOfSync } s && s.Revision == v2, "OutOfSync at v2");

        // The list: the application with its badges and the counts.
        await _page.GotoAsync(Dashboard.Url.ToString());
        var row = _page.Locator($"tr[data-app='{app.Name}']");
        await Expect(row.Locator("[data-sync]")).ToHaveAttributeAsync("data-sync", "OutOfSync");
        await Expect(_page.Locator(".count.sync-outofsync .n")).Not.ToHaveTextAsync("0");
        await Artifacts.ScreenshotAsync(_page, "1-list");

        // The application: resource tree from the live cluster, Deployment → ReplicaSet → Pods.
        await row.GetByRole(AriaRole.Link, new() { Name = app.Name }).ClickAsync();
        await Expect(_page.Locator("h1")).ToHaveTextAsync(app.Name);
        var deployment = _page.Locator(".tree > li", new() { Has = _page.Locator(".node[data-kind='Deployment'][data-name='web']") });
        await Expect(deployment.Locator("li .node[data-kind='ReplicaSet']").First).ToBeVisibleAsync();
        await Expect(deployment.Locator("li li .node[data-kind='Pod']")).ToHaveCountAsync(2);
        await Expect(deployment.Locator(".node[data-kind='Deployment'] [data-sync]")).ToHaveAttributeAsync("data-sync", "OutOfSync");
        await Expect(deployment.Locator("li li .node[data-kind='Pod'] [data-health]").First).ToHaveAttributeAsync("data-health", "Healthy");
        await Artifacts.ScreenshotAsync(_page, "2-application");

        // The diff: readable lines for what changed, the Secret's values masked.
        await _page.Locator("#diff-link").ClickAsync();
        await Expect(_page.Locator("h1")).ToContainTextAsync("Diff of");
        var configMapDiff = _page.Locator("section.diff-block", new() { HasText = "settings" }).Locator("pre.diff");
        await Expect(configMapDiff.Locator(".del")).ToContainTextAsync(["greeting: hello v1"]);
        await Expect(configMapDiff.Locator(".add")).ToContainTextAsync(["greeting: hello v2"]);
        await Expect(_page.Locator("section.diff-block", new() { HasText = "Deployment" }).Locator(".add")).ToContainTextAsync(["registry.example/web:1.2"]);
        await Expect(_page.Locator("section.diff-block", new() { HasText = "creds" })).ToBeVisibleAsync();
        var content = await _page.ContentAsync();
        foreach (var secret in new[] { TestApp.Password(1), TestApp.Password(2), TestApp.Base64(TestApp.Password(1)), TestApp.Base64(TestApp.Password(2)) })
        {
            Assert.That(content, Does.Not.Contain(secret), "Secret data is masked in the diff");
        }

        await Artifacts.ScreenshotAsync(_page, "3-diff");

        // Sync, by keyboard: the status turns Synced in place, pushed over server-sent events.
        await MarkNoReloadAsync();
        await _page.Locator("#sync-button").FocusAsync();
        await _page.Keyboard.PressAsync("Enter");
        await Expect(_page.Locator("#notice")).ToContainTextAsync("Sync to");
        await Expect(_page.Locator(".title-row [data-sync]")).ToHaveAttributeAsync("data-sync", "Synced");
        await Expect(_page.Locator("#no-diff")).ToBeVisibleAsync();
        await AssertNotReloadedAsync();
        Assert.That(await app.LiveGreetingAsync(), Is.EqualTo("hello v2"));
        await Artifacts.ScreenshotAsync(_page, "4-synced");

        // Back on the application, the new rollout's ReplicaSet and Pods, and the health the watched cluster reports.
        await _page.GetByRole(AriaRole.Link, new() { Name = "Back to the application" }).ClickAsync();
        await Expect(_page.Locator(".title-row [data-health]")).ToHaveAttributeAsync("data-health", "Healthy");
        await Expect(_page.Locator(".node[data-kind='Deployment'] [data-sync]")).ToHaveAttributeAsync("data-sync", "Synced");
        await Expect(_page.Locator(".node[data-kind='ReplicaSet']")).ToHaveCountAsync(2);
        await Artifacts.ScreenshotAsync(_page, "5-healthy");
    }

    [Test]
    public async Task RollbackButton_EarlierHistoryEntry_RestoresItsRevision()
    {
        var app = await AddApplicationAsync(version: 1);
        var v1 = (await Loop.SyncAsync(app.Name)).Revision;
        app.Commit(version: 2);
        await Loop.SyncAsync(app.Name);
        await EventuallyAsync(async () => (await Statuses.GetAsync(app.Name))?.History.Count == 2, "two history entries");

        await _page.GotoAsync(app.PageUrl(Dashboard));
        await Expect(_page.Locator("table.history tbody tr")).ToHaveCountAsync(2);
        await Artifacts.ScreenshotAsync(_page, "1-history");
        await MarkNoReloadAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Rollback to " + v1[..8] }).ClickAsync();

        await Expect(_page.Locator("#notice")).ToContainTextAsync("Rollback to " + v1[..8] + " succeeded");
        await Expect(_page.Locator("table.history tbody tr")).ToHaveCountAsync(3);
        await Expect(_page.Locator("table.history tbody tr").First.Locator("code")).ToHaveTextAsync(v1[..8]);
        // Git's target is still v2, so the rolled-back application is OutOfSync, as in Argo CD.
        await Expect(_page.Locator(".title-row [data-sync]")).ToHaveAttributeAsync("data-sync", "OutOfSync");
        await AssertNotReloadedAsync();
        Assert.That(await app.LiveGreetingAsync(), Is.EqualTo("hello v1"));
        await Artifacts.ScreenshotAsync(_page, "2-rolled-back");
    }

    [Test]
    public async Task ServerSentEvents_StatusChangesElsewhere_ListUpdatesWithoutReload()
    {
        var app = await AddApplicationAsync(version: 1);
        await Loop.SyncAsync(app.Name);
        await EventuallyAsync(async () => (await Statuses.GetAsync(app.Name))?.SyncStatus == ApplicationSyncStatus.Synced, "Synced");
        await _page.GotoAsync(Dashboard.Url.ToString());
        var badge = _page.Locator($"tr[data-app='{app.Name}'] [data-sync]");
        await Expect(badge).ToHaveAttributeAsync("data-sync", "Synced");
        await Expect(_page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        await MarkNoReloadAsync();

        // A push to Git noticed by the loop (as a webhook would make it), not by anything in the browser.
        app.Commit(version: 3);
        Loop.Refresh(app.Name);

        await Expect(badge).ToHaveAttributeAsync("data-sync", "OutOfSync");
        await AssertNotReloadedAsync();
        await Artifacts.ScreenshotAsync(_page, "live-update");
    }

    [Test]
    public async Task Login_TokenDashboard_LogsInThenShowsTheApplicationLive()
    {
        var app = await AddApplicationAsync();
        await using var dashboard = await DashboardServer.StartAsync(
            new DashboardOptions { Token = "browser-test-token-0123456789" }, Loop, Statuses, Cluster.Client);

        await _page.GotoAsync(app.PageUrl(dashboard));
        await Expect(_page.Locator("h1")).ToHaveTextAsync("Log in");
        await Artifacts.ScreenshotAsync(_page, "1-login");
        await _page.GetByLabel("Access token").FillAsync("browser-test-token-0123456789");
        await _page.Keyboard.PressAsync("Enter");

        await Expect(_page.Locator("h1")).ToHaveTextAsync(app.Name);
        await Expect(_page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        await Artifacts.ScreenshotAsync(_page, "2-application");
    }

    [Test]
    public async Task Keyboard_TabFromTop_ReachesSkipLinkThenApplicationLinkWithVisibleFocus()
    {
        var app = await AddApplicationAsync();
        await _page.GotoAsync(Dashboard.Url.ToString());

        await _page.Keyboard.PressAsync("Tab");
        Assert.That(await _page.EvaluateAsync<string>("() => document.activeElement.textContent"), Is.EqualTo("Skip to content"));
        var link = _page.Locator($"tr[data-app='{app.Name}'] a.app-link");
        for (var i = 0; i < 10 && !await link.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await _page.Keyboard.PressAsync("Tab");
        }

        Assert.That(await link.EvaluateAsync<bool>("e => e === document.activeElement"), Is.True, "the application link is reachable by Tab");
        Assert.That(await link.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"), Is.EqualTo("solid"), "focus is visible");
        await _page.Keyboard.PressAsync("Enter");
        await Expect(_page.Locator("h1")).ToHaveTextAsync(app.Name);
    }
}
