using GitOps.ApplicationResources;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.ApplicationResources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GitOps.Hosting.Tests;

public sealed class GitOpsControllerServiceTests : HostingTest
{
    [Test]
    public async Task StartAsync_ApplicationsDirectory_SyncsItsApplications()
    {
        await using var host = await ControllerHost.StartAsync(Cluster, await NewNamespaceAsync("dir"));

        await ControllerHost.EventuallyAsync(async () => await host.LiveValueAsync() == "1", "the application of the folder synced");
        Assert.Multiple(() =>
        {
            Assert.That(host.App.Services.GetRequiredService<IApplicationStatusStore>(), Is.TypeOf<InMemoryApplicationStatusStore>(), "no resources watched: statuses stay in memory");
            Assert.That(host.App.Services.GetServices<IHostedService>().OfType<GitOpsControllerService>().Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task StartAsync_WatchApplicationResources_SyncsTheResourceAndWritesItsStatus()
    {
        var applications = await ApplicationCrd.InstallAsync(Cluster);
        var ns = await NewNamespaceAsync("crd");
        await using var host = await ControllerHost.StartAsync(Cluster, ns, o =>
        {
            o.ApplicationsDirectory = null;
            o.WatchApplicationResources = true;
            o.ApplicationResources.Namespaces.Add(ns);
            o.Webhook = new Applications.Webhooks.GitWebhookOptions { GenericToken = "generic-token-value" };
        }, writeApplicationFile: false);
        var head = host.Repository.Head();

        await Cluster.ApplyAsync(ApplicationCrd.Resource(host.ApplicationName, ns, host.RepositoryUrl), "kubectl");

        await ControllerHost.EventuallyAsync(async () => await host.LiveValueAsync() == "1", "the Application resource synced");
        await ControllerHost.EventuallyAsync(async () =>
            (await Cluster.Client.GetAsync(applications, ns, host.ApplicationName))?.Root["status"]?["sync"]?["status"]?.GetValue<string>() == "Synced",
            "its status written");
        var status = (await Cluster.Client.GetAsync(applications, ns, host.ApplicationName))!.Root["status"]!;
        Assert.Multiple(() =>
        {
            Assert.That(status["sync"]!["revision"]!.GetValue<string>(), Is.EqualTo(head));
            Assert.That(status["operationState"]!["phase"]!.GetValue<string>(), Is.EqualTo("Succeeded"));
            Assert.That(host.App.Services.GetRequiredService<ISyncStateStore>(), Is.TypeOf<ApplicationResourceSyncStateStore>());
        });

        // A push webhook refreshes an application that came from a resource too; polling is 1 h.
        var next = host.CommitConfigMap("2");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhook")
        {
            Content = new StringContent($$"""{"repository": "{{host.RepositoryUrl}}", "ref": "refs/heads/main", "commit": "{{next}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-GitOps-Token", "generic-token-value");
        using var response = await host.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        await ControllerHost.EventuallyAsync(async () =>
            (await Cluster.Client.GetAsync(applications, ns, host.ApplicationName))?.Root["status"]?["sync"]?["revision"]?.GetValue<string>() == next,
            "the pushed commit synced and its status written");
    }

    [Test]
    public async Task AddGitOpsController_CalledTwice_OneHostedServiceAndEveryConfiguration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Cluster.Client);
        services.AddGitOps().AddGitOpsController(o => o.WatchApplicationResources = true).AddGitOpsController(o => o.ApplicationResources.Namespaces.Add("team-a"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GitOpsControllerOptions>>().Value;
        Assert.Multiple(() =>
        {
            Assert.That(provider.GetServices<IHostedService>().Count(), Is.EqualTo(1));
            Assert.That(options.WatchApplicationResources, Is.True);
            Assert.That(options.ApplicationResources.Namespaces, Is.EqualTo(new[] { "team-a" }));
            Assert.That(provider.GetRequiredService<IApplicationStatusStore>(), Is.SameAs(provider.GetRequiredService<ApplicationResourceStatusStore>()));
        });
    }

    [Test]
    public async Task AddGitOpsController_OwnStatusStoreRegistered_KeptAsItIs()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Cluster.Client);
        var own = new InMemoryApplicationStatusStore();
        services.AddSingleton<IApplicationStatusStore>(own);
        services.AddGitOps().AddGitOpsController(o => o.WatchApplicationResources = true);
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IApplicationStatusStore>(), Is.SameAs(own));
    }

    [Test]
    public void AddGitOpsController_InvalidOptions_StartFailsNamingEachField()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Cluster.Client);
        services.AddGitOps().AddGitOpsController(o =>
        {
            o.ApplicationsDirectory = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));
            o.ApplicationResources.WatchRetryDelay = TimeSpan.Zero;
            o.ApplicationResources.Namespaces.Add(" ");
        });
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<GitOpsControllerOptions>>().Value);
        Assert.That(e!.Failures, Has.Some.Contains("GitOpsControllerOptions.ApplicationsDirectory")
            .And.Some.Contains("ApplicationResourceOptions.WatchRetryDelay")
            .And.Some.Contains("ApplicationResourceOptions.Namespaces"));
    }

    [Test]
    public async Task StartAsync_ApplicationsDirectoryWithErrors_HostStartFailsNamingFileAndField()
    {
        using var temp = new GitOps.Tests.TestSupport.TempDirectory();
        var file = temp.Write("apps/web.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: web
            spec:
              source: {repoURL: https://example.invalid/repo.git, path: app}
              destination: {namespace: default}
              syncPolicy: {retry: {limit: abc}}
            """);
        var services = new ServiceCollection();
        services.AddSingleton(Cluster.Client);
        services.AddLogging();
        services.AddGitOps().AddGitOpsController(o => o.ApplicationsDirectory = Path.GetDirectoryName(file));
        await using var provider = services.BuildServiceProvider();

        var e = Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<GitOpsControllerService>().StartAsync(CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("web.yaml").And.Contain("spec.syncPolicy.retry.limit"));
    }
}
