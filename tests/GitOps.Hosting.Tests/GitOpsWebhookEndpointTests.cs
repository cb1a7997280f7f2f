using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.Hosting.Tests;

public sealed class GitOpsWebhookEndpointTests : HostingTest
{
    private static string GitHubPush(string repositoryUrl, string after) => $$"""
        {
          "ref": "refs/heads/main",
          "before": "0123456789012345678901234567890123456789",
          "after": "{{after}}",
          "created": false,
          "deleted": false,
          "repository": {
            "full_name": "example/repo",
            "html_url": "{{repositoryUrl}}",
            "clone_url": "{{repositoryUrl}}",
            "default_branch": "main"
          },
          "commits": [{"id": "{{after}}", "added": [], "removed": [], "modified": ["app/settings.yaml"]}]
        }
        """;

    private static string GitLabPush(string repositoryUrl, string after) => $$"""
        {
          "object_kind": "push",
          "ref": "refs/heads/main",
          "before": "0123456789012345678901234567890123456789",
          "after": "{{after}}",
          "checkout_sha": "{{after}}",
          "project": {"path_with_namespace": "group/repo", "web_url": "{{repositoryUrl}}", "git_http_url": "{{repositoryUrl}}", "default_branch": "main"},
          "commits": [{"id": "{{after}}", "added": [], "modified": ["app/settings.yaml"], "removed": []}],
          "total_commits_count": 1
        }
        """;

    private static HttpRequestMessage GitHubRequest(string body, string secret, string @event = "push")
    {
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", @event);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", signature);
        return request;
    }

    [Test]
    public async Task MapGitOpsWebhooks_SignedGitHubPush_RunningHostSyncsTheCommitAtOnce()
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("gh"));
        await ControllerHost.EventuallyAsync(async () => await host.LiveValueAsync() == "1", "the first sync");
        var head = host.CommitConfigMap("2");

        using var response = await host.Http.SendAsync(GitHubRequest(GitHubPush(host.RepositoryUrl, head), ControllerHost.GitHubSecret));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("accepted"));
            Assert.That(body["applications"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { host.ApplicationName }));
        });
        // Polling is 1 h: only the webhook can have brought the commit in.
        await ControllerHost.EventuallyAsync(async () => await host.LiveValueAsync() == "2", "the pushed commit synced after the webhook", seconds: 10);
    }

    [Test]
    public async Task MapGitOpsWebhooks_GitLabPushWithToken_RefreshesTheApplication()
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("gl"));
        await ControllerHost.EventuallyAsync(async () => await host.LiveValueAsync() == "1", "the first sync");
        var head = host.CommitConfigMap("2");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhook") { Content = new StringContent(GitLabPush(host.RepositoryUrl, head), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Gitlab-Event", "Push Hook");
        request.Headers.Add("X-Gitlab-Token", ControllerHost.GitLabToken);

        using var response = await host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        await ControllerHost.EventuallyAsync(async () => await host.LiveValueAsync() == "2", "the pushed commit synced after the webhook", seconds: 10);
    }

    [TestCase("wrong-secret")]
    [TestCase("")]
    public async Task MapGitOpsWebhooks_BadGitHubSignature_401WithoutTheSecret(string secret)
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("bad"));
        using var request = GitHubRequest(GitHubPush(host.RepositoryUrl, "0123456789012345678901234567890123456789"), secret);
        if (secret.Length == 0)
        {
            request.Headers.Remove("X-Hub-Signature-256");
        }

        using var response = await host.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(JsonNode.Parse(text)!["status"]!.GetValue<string>(), Is.EqualTo("unauthorized"));
            Assert.That(text, Does.Not.Contain(ControllerHost.GitHubSecret).And.Not.Contain(ControllerHost.GitLabToken));
        });
    }

    [Test]
    public async Task MapGitOpsWebhooks_WrongGitLabToken_401WithoutEitherToken()
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("badgl"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhook") { Content = new StringContent(GitLabPush(host.RepositoryUrl, "0123456789012345678901234567890123456789"), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Gitlab-Event", "Push Hook");
        request.Headers.Add("X-Gitlab-Token", "not-" + ControllerHost.GitLabToken);

        using var response = await host.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(text, Does.Not.Contain(ControllerHost.GitLabToken));
        });
    }

    [Test]
    public async Task MapGitOpsWebhooks_Ping_IgnoredWith200()
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("ping"));

        using var response = await host.Http.SendAsync(GitHubRequest("""{"zen": "Keep it simple.", "hook_id": 1}""", ControllerHost.GitHubSecret, "ping"));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>(), Is.EqualTo("ignored"));
        });
    }

    [Test]
    public async Task MapGitOpsWebhooks_MalformedJson_400()
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("bad-json"));

        using var response = await host.Http.SendAsync(GitHubRequest("{not json", ControllerHost.GitHubSecret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task MapGitOpsWebhooks_PayloadOverTheLimit_413()
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("big"));
        var body = GitHubPush(host.RepositoryUrl, "0123456789012345678901234567890123456789").Replace("\"created\": false", $"\"padding\": \"{new string('x', 70 * 1024)}\", \"created\": false", StringComparison.Ordinal);

        using var response = await host.Http.SendAsync(GitHubRequest(body, ControllerHost.GitHubSecret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }
}
