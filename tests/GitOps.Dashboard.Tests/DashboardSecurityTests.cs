using System.Net;
using System.Text.RegularExpressions;
using GitOps.Comparison;
using GitOps.Dashboard.Tests.TestSupport;

namespace GitOps.Dashboard.Tests;

/// <summary>Binding, the access token, anti-forgery and response headers, over plain HTTP.</summary>
public sealed class DashboardSecurityTests : DashboardTest
{
    private const string Token = "a-long-test-token-0123456789";

    [Test]
    public async Task SyncPost_WithoutAntiforgeryToken_RejectedAndNothingSynced()
    {
        var app = await AddApplicationAsync();
        using var client = DashboardHttp.Client(Dashboard.Url);
        await DashboardHttp.CsrfTokenAsync(client); // the page visit sets the anti-forgery cookie; the request below still lacks the token

        using var response = await client.PostAsync("/app/sync?name=" + app.Name, new FormUrlEncodedContent([]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("anti-forgery"));
        Assert.That(await app.LiveGreetingAsync(), Is.Null, "nothing was applied");
        Assert.That(Loop.IsOperationRunning(app.Name), Is.False);
    }

    [Test]
    public async Task SyncPost_WithAntiforgeryHeader_SyncsAndAnswersJson()
    {
        var app = await AddApplicationAsync();
        using var client = DashboardHttp.Client(Dashboard.Url);
        var csrf = await DashboardHttp.CsrfTokenAsync(client, "/app?name=" + app.Name);
        using var request = DashboardHttp.Action("/app/sync?name=" + app.Name, csrf);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"ok\":true"));
        Assert.That(await app.LiveGreetingAsync(), Is.EqualTo("hello v1"));
        await EventuallyAsync(async () => (await Statuses.GetAsync(app.Name))?.SyncStatus == ApplicationSyncStatus.Synced, "Synced after the sync");
    }

    [Test]
    public async Task RefreshPost_PlainFormWithTokenField_RedirectsBackToTheApplication()
    {
        var app = await AddApplicationAsync();
        using var client = DashboardHttp.Client(Dashboard.Url);
        var csrf = await DashboardHttp.CsrfTokenAsync(client);

        using var response = await client.PostAsync("/app/refresh?name=" + app.Name,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = csrf }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/app?name=" + app.Name));
    }

    [Test]
    public async Task RollbackPost_AutomatedOrUnknownEntry_ConflictWithReason()
    {
        var app = await AddApplicationAsync();
        using var client = DashboardHttp.Client(Dashboard.Url);
        var csrf = await DashboardHttp.CsrfTokenAsync(client);
        using var request = DashboardHttp.Action($"/app/rollback?name={app.Name}&id=42", csrf);

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("no history entry 42"));
    }

    [TestCase("0.0.0.0")]
    [TestCase("::")]
    [TestCase("192.0.2.10")]
    public void StartAsync_NonLoopbackWithoutToken_RefusedNamingTheToken(string address)
    {
        var error = Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(new DashboardOptions { Address = address }, Loop, Statuses, Cluster.Client));
        Assert.That(error!.Message, Does.Contain("DashboardOptions.Token").And.Contain(address));
    }

    [TestCase("short", "DashboardOptions.Token")]
    [TestCase(null, "DashboardOptions.Address")]
    public void StartAsync_InvalidOptions_RefusedNamingTheField(string? token, string field)
    {
        var options = new DashboardOptions { Token = token, Address = token is null ? "not-an-address" : "127.0.0.1" };
        var error = Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(options, Loop, Statuses, Cluster.Client));
        Assert.That(error!.Message, Does.Contain(field));
    }

    [Test]
    public async Task TokenDashboard_WithoutToken_PagesRedirectToLoginAndStreamsAnswer401()
    {
        await using var dashboard = await DashboardServer.StartAsync(new DashboardOptions { Token = Token }, Loop, Statuses, Cluster.Client);
        using var client = DashboardHttp.Client(dashboard.Url);

        using var page = await client.GetAsync("/app?name=x");
        using var events = await client.GetAsync("/events");
        using var post = await client.PostAsync("/app/refresh?name=x", new FormUrlEncodedContent([]));
        using var wrongBearer = new HttpRequestMessage(HttpMethod.Get, "/");
        wrongBearer.Headers.Authorization = new("Bearer", Token + "x");
        using var wrong = await client.SendAsync(wrongBearer);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Headers.Location!.ToString(), Is.EqualTo("/login?returnUrl=%2Fapp%3Fname%3Dx"));
        Assert.That(events.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task TokenDashboard_BearerToken_ServesPages()
    {
        await using var dashboard = await DashboardServer.StartAsync(new DashboardOptions { Token = Token }, Loop, Statuses, Cluster.Client);
        using var client = DashboardHttp.Client(dashboard.Url);
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);

        using var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<h1>Applications</h1>").And.Not.Contain(Token));
    }

    [Test]
    public async Task Login_RightTokenAfterWrongOne_SetsSessionCookieWithoutTheTokenAndRedirectsLocally()
    {
        await using var dashboard = await DashboardServer.StartAsync(new DashboardOptions { Token = Token }, Loop, Statuses, Cluster.Client);
        var cookies = new CookieContainer();
        using var client = DashboardHttp.Client(dashboard.Url, cookies);
        var csrf = await DashboardHttp.CsrfTokenAsync(client, "/login");

        using var wrong = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = csrf, ["token"] = "not-the-token-at-all", ["returnUrl"] = "/",
        }));
        using var right = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = csrf, ["token"] = Token, ["returnUrl"] = "//elsewhere.example/steal",
        }));
        using var page = await client.GetAsync("/");

        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Contain("is not the dashboard"));
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(right.Headers.Location!.ToString(), Is.EqualTo("/"), "a return URL off the site is not followed");
        var session = cookies.GetCookies(dashboard.Url)["gitops-dashboard-session"];
        Assert.That(session, Is.Not.Null);
        Assert.That(session!.HttpOnly, Is.True);
        Assert.That(session.Value, Does.Not.Contain(Token));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Login_WithoutAntiforgeryToken_Rejected()
    {
        await using var dashboard = await DashboardServer.StartAsync(new DashboardOptions { Token = Token }, Loop, Statuses, Cluster.Client);
        using var client = DashboardHttp.Client(dashboard.Url);

        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Token }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("gitops-dashboard-session", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Pages_MarkupInNamesAndMessages_Escaped()
    {
        const string Hostile = "x\"><script>alert(1)</script>";
        Loop.AddOrUpdate(new Applications.Application
        {
            Metadata = new Applications.ApplicationMetadata { Name = Hostile },
            Spec = new Applications.ApplicationSpec
            {
                Source = new Applications.ApplicationSource { RepoUrl = Repository.FileUrl, TargetRevision = "main", Path = "no/such/<b>folder</b>" },
                Destination = new Applications.ApplicationDestination { Namespace = "default" },
            },
        });
        try
        {
            await EventuallyAsync(async () => await Statuses.GetAsync(Hostile) is not null, "the hostile application reconciled (with an error)");
            using var client = DashboardHttp.Client(Dashboard.Url);

            var list = await client.GetStringAsync("/");
            var page = await client.GetStringAsync("/app?name=" + Uri.EscapeDataString(Hostile));

            Assert.That(list + page, Does.Not.Contain("<script>alert").And.Not.Contain("<b>folder"));
            Assert.That(page, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
        finally
        {
            Loop.Remove(Hostile);
        }
    }

    [Test]
    public async Task Pages_Always_SelfOnlyContentSecurityPolicyAndLocalAssets()
    {
        using var client = DashboardHttp.Client(Dashboard.Url);

        using var page = await client.GetAsync("/");
        using var css = await client.GetAsync("/assets/dashboard.css");
        using var js = await client.GetAsync("/assets/dashboard.js");
        using var missing = await client.GetAsync("/app?name=no-such-app");
        var html = await page.Content.ReadAsStringAsync();

        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'"));
        Assert.That(Regex.Matches(html, """(?:src|href)="(https?:)?//"""), Is.Empty, "no asset from another host");
        Assert.That(css.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/css"));
        Assert.That(js.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await js.Content.ReadAsStringAsync(), Does.Contain("EventSource"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
