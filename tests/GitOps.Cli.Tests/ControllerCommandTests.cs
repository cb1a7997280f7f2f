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
            Assert.That(error, Does.Contain("bad.yaml").And.Contain("spec.source"));
        });
    }

    [TestCase("controller")]
    [TestCase("controller", "--apps", ".", "--poll-interval", "0s")]
    [TestCase("controller", "--apps", ".", "--from-cluster")]
    [TestCase("controller", "--apps", ".", "--app-namespace", "x")]
    [TestCase("controller", "--apps", ".", "--webhook-port", "70000")]
    [TestCase("dashboard")]
    public async Task Controller_UsageError_ExitTwo(params string[] args)
    {
        var (code, _, error) = await CliRun.RunAsync(args);

        Assert.That(code, Is.EqualTo(2), error);
    }

    [Test]
    public async Task Dashboard_ApplicationsFolder_ServesThemUntilCancelled()
    {
        CommitConfigMap("settings", "1");
        var apps = Path.Combine(TempPath, "apps");
        Directory.CreateDirectory(apps);
        File.Move(WriteApplication(automated: true), Path.Combine(apps, "app.yaml"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var dashboard = CliRun.Start(stop.Token, ["dashboard", "--apps", apps, "--port", "0", .. Cluster]);
        var url = await dashboard.WaitForAsync(@"Dashboard: (http://127\.0\.0\.1:\d+/)");
        var synced = await EventuallyAsync(async () => await LiveValueAsync("settings") == "1");
        using var http = new HttpClient();
        var page = await http.GetStringAsync(new Uri(url));
        await stop.CancelAsync();
        var code = await dashboard.Exit;

        Assert.Multiple(() =>
        {
            Assert.That(synced, Is.True, "the loop runs behind the dashboard");
            Assert.That(page, Does.Contain(App));
            Assert.That(code, Is.Zero, dashboard.Error);
            AssertNoToken(dashboard.Output, dashboard.Error);
        });
    }

    [Test]
    public async Task Dashboard_BeyondLoopbackWithoutToken_ExitOneNamingTheToken()
    {
        var apps = Path.Combine(TempPath, "apps");
        Directory.CreateDirectory(apps);

        var (code, _, error) = await CliRun.RunAsync(["dashboard", "--apps", apps, "--address", "0.0.0.0", "--port", "0", .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("Token"));
        });
    }

    [Test]
    public async Task Controller_FromCluster_WritesStatusToTheApplicationResource()
    {
        CommitConfigMap("settings", "1");
        using var http = new HttpClient { BaseAddress = Emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        await PostAsync(http, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"applications.argoproj.io"},
             "spec":{"group":"argoproj.io","scope":"Namespaced","names":{"plural":"applications","singular":"application","kind":"Application"},
              "versions":[{"name":"v1alpha1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """);
        await PostAsync(http, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"argocd"}}""");
        var name = App;
        await Task.Delay(200);
        await PostAsync(http, "/apis/argoproj.io/v1alpha1/namespaces/argocd/applications", $$$"""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"{{{name}}}","namespace":"argocd"},
             "spec":{"project":"default","source":{"repoURL":"{{{Repo.FileUrl}}}","targetRevision":"HEAD","path":"app"},
              "destination":{"server":"https://kubernetes.default.svc","namespace":"{{{App}}}"},"syncPolicy":{"automated":{} } } }
            """);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var controller = CliRun.Start(stop.Token, ["controller", "--from-cluster", "--app-namespace", "argocd", "--poll-interval", "1s", .. Cluster]);
        var synced = await EventuallyAsync(async () =>
        {
            var app = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri($"/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/{name}", UriKind.Relative)));
            return (string?)app?["status"]?["sync"]?["status"] == "Synced" && (string?)app["status"]?["health"]?["status"] == "Healthy";
        });
        var live = await LiveValueAsync("settings");
        await stop.CancelAsync();
        var code = await controller.Exit;

        Assert.Multiple(() =>
        {
            Assert.That(synced, Is.True, "status written back to the Application resource");
            Assert.That(live, Is.EqualTo("1"));
            Assert.That(code, Is.Zero, controller.Error);
            Assert.That(controller.Error, Does.Contain("Application resources of argocd"));
        });
    }

    [Test]
    public async Task Controller_WebhookPort_PushSyncsWithoutWaitingForAPoll()
    {
        CommitConfigMap("settings", "1");
        var apps = Path.Combine(TempPath, "apps");
        Directory.CreateDirectory(apps);
        File.Move(WriteApplication(automated: true), Path.Combine(apps, "app.yaml"));
        var port = FreePort();
        const string WebhookToken = "webhook-token-for-the-cli-test";
        Environment.SetEnvironmentVariable("GITOPS_WEBHOOK_TOKEN", WebhookToken);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var controller = CliRun.Start(stop.Token, ["controller", "--apps", apps, "--poll-interval", "1h", "--webhook-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Cluster]);
            await controller.WaitForAsync(@"(Git webhooks on port \d+)");
            var first = await EventuallyAsync(async () => await LiveValueAsync("settings") == "1");
            var head = CommitConfigMap("settings", "2");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            using var unsigned = await http.PostAsync(new Uri("api/webhook", UriKind.Relative), Push(head));
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhook") { Content = Push(head) };
            request.Headers.Add("X-GitOps-Token", WebhookToken);
            using var signed = await http.SendAsync(request);
            var second = await EventuallyAsync(async () => await LiveValueAsync("settings") == "2");
            await stop.CancelAsync();
            var code = await controller.Exit;

            Assert.Multiple(() =>
            {
                Assert.That(first, Is.True);
                Assert.That((int)unsigned.StatusCode, Is.EqualTo(401), "a push without the token is refused");
                Assert.That((int)signed.StatusCode, Is.EqualTo(200));
                Assert.That(second, Is.True, "the pushed commit is synced at once (polling is 1 h)");
                Assert.That(code, Is.Zero, controller.Error);
                Assert.That(controller.Output + controller.Error, Does.Not.Contain(WebhookToken));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITOPS_WEBHOOK_TOKEN", null);
        }

        StringContent Push(string commit) => new(
            $$"""{"repository": "{{Repo.FileUrl}}", "ref": "refs/heads/main", "commit": "{{commit}}"}""", System.Text.Encoding.UTF8, "application/json");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.IsSuccessStatusCode, Is.True, $"POST {path}: {await response.Content.ReadAsStringAsync()}");
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
