using GitOps.Hosting;
using GitOps.Sync;
using GitOps.Tests.Sources.Fixtures;
using GitOps.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Hosting.Tests;

/// <summary>
/// A real ASP.NET Core host on a free port running the GitOps controller against an emulated cluster, with a Git
/// repository served over HTTP (git http-backend) holding app/settings.yaml. Polling is off (1 h): only webhooks,
/// watched resources and the first reconcile sync.
/// </summary>
internal sealed class ControllerHost : IAsyncDisposable
{
    public const string GitHubSecret = "gh-webhook-secret-value";
    public const string GitLabToken = "gl-webhook-token-value";

    private readonly TempDirectory _temp = new();
    private readonly GitHttpServer _git;

    private ControllerHost(EmulatorFixture cluster, string ns)
    {
        Cluster = cluster;
        Namespace = ns;
        Repository = TestRepository.Create(_temp.Sub("git"), "repo");
        _git = new GitHttpServer(_temp.Sub("git"));
        RepositoryUrl = _git.UrlFor("repo");
    }

    public EmulatorFixture Cluster { get; }

    public string Namespace { get; }

    public TestRepository Repository { get; }

    public string RepositoryUrl { get; }

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ApplicationName => $"web-{Namespace}";

    public static async Task<ControllerHost> StartAsync(EmulatorFixture cluster, string ns, Action<GitOpsControllerOptions>? configure = null, bool writeApplicationFile = true)
    {
        var host = new ControllerHost(cluster, ns);
        host.CommitConfigMap("1");
        var apps = host._temp.Sub("apps");
        Directory.CreateDirectory(apps);
        if (writeApplicationFile)
        {
            await File.WriteAllTextAsync(Path.Combine(apps, "web.yaml"), $"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: {host.ApplicationName}
                spec:
                  project: default
                  source:
                    repoURL: {host.RepositoryUrl}
                    targetRevision: main
                    path: app
                  destination:
                    namespace: {ns}
                  syncPolicy:
                    automated:
                      prune: true
                """);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(cluster.Client);
        builder.Services.AddGitOps()
            .ConfigureGit(o => o.CacheDirectory = host._temp.Sub("cache"))
            .AddReconciler(o => { o.PollInterval = TimeSpan.FromHours(1); o.PollJitter = TimeSpan.Zero; },
                o => o.SyncDefaults = new SyncOptions { HealthPollInterval = TimeSpan.FromMilliseconds(50) })
            .AddGitOpsController(o =>
            {
                o.ApplicationsDirectory = apps;
                o.Webhook = new Applications.Webhooks.GitWebhookOptions { GitHubSecret = GitHubSecret, GitLabSecret = GitLabToken, MaxPayloadBytes = 64 * 1024 };
                configure?.Invoke(o);
            });
        host.App = builder.Build();
        host.App.MapGitOpsWebhooks();
        await host.App.StartAsync();
        host.Http = new HttpClient { BaseAddress = new Uri(host.App.Urls.First()) };
        return host;
    }

    public string CommitConfigMap(string value)
    {
        Repository.WriteFile("app/settings.yaml", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              value: "{value}"
            """);
        return Repository.Commit($"settings={value}");
    }

    public async Task<string?> LiveValueAsync()
    {
        var resource = await Cluster.Client.Discovery.GetAsync(ManifestObjects.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}"""));
        var live = await Cluster.Client.GetAsync(resource, Namespace, "settings");
        return live?.Root["data"]?["value"]?.GetValue<string>();
    }

    public static Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 15) => Eventually.HoldsAsync(condition, what, seconds);

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        await _git.DisposeAsync();
        _temp.Dispose();
    }
}
