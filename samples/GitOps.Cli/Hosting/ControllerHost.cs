using GitOps.Applications.Webhooks;
using GitOps.Cluster;
using GitOps.Reconcile;
using GitOps.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOps.Cli.Hosting;

/// <summary>
/// The controller process built on the SDK's hosting package: the reconcile loop as a hosted service fed by a folder
/// or by the cluster's Application resources, history in the cluster, and optionally the Git webhook endpoint.
/// Webhook secrets come from the environment (<c>GITOPS_WEBHOOK_GITHUB_SECRET</c>, <c>GITOPS_WEBHOOK_GITLAB_TOKEN</c>,
/// <c>GITOPS_WEBHOOK_BITBUCKET_UUID</c>, <c>GITOPS_WEBHOOK_TOKEN</c>), never from the command line.
/// </summary>
internal sealed class ControllerHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _cacheDirectory;

    private ControllerHost(IHost host, string cacheDirectory)
    {
        _host = host;
        _cacheDirectory = cacheDirectory;
    }

    public IServiceProvider Services => _host.Services;

    public ReconcileLoop Loop => Services.GetRequiredService<ReconcileLoop>();

    public IApplicationStatusStore Statuses => Services.GetRequiredService<IApplicationStatusStore>();

    public static async Task<ControllerHost> StartAsync(ClusterClient client, ControllerSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        var cache = Path.Combine(Path.GetTempPath(), "gitops-cli-" + Guid.NewGuid().ToString("N")[..12]);
        IHostApplicationBuilder builder;
        if (settings.WebhookPort is { } port)
        {
            var web = WebApplication.CreateSlimBuilder();
            web.WebHost.UseUrls($"http://0.0.0.0:{port}");
            builder = web;
        }
        else
        {
            builder = Host.CreateApplicationBuilder();
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var services = builder.Services;
        services.AddSingleton(client);
        services.AddGitOps()
            .ConfigureGit(o => o.CacheDirectory = cache)
            .AddReconciler()
            .AddGitOpsController(o =>
            {
                o.ApplicationsDirectory = settings.Apps?.FullName;
                o.WatchApplicationResources = settings.FromCluster;
                foreach (var ns in settings.Namespaces)
                {
                    o.ApplicationResources.Namespaces.Add(ns);
                }

                o.Webhook = WebhookOptionsFromEnvironment();
            });
        services.Configure<ReconcileLoopOptions>(o => (o.PollInterval, o.PollJitter) = (settings.PollInterval, settings.PollInterval / 2));
        services.Replace(ServiceDescriptor.Singleton<ISyncHistoryStore>(new ClusterSyncHistoryStore(client, settings.HistoryNamespace)));
        if (!settings.FromCluster)
        {
            services.Replace(ServiceDescriptor.Singleton<IApplicationStatusStore>(new ReportingStatusStore(console, settings.ReportStatus)));
        }

        IHost host;
        if (builder is WebApplicationBuilder webBuilder)
        {
            var app = webBuilder.Build();
            app.MapGitOpsWebhooks();
            host = app;
        }
        else
        {
            host = ((HostApplicationBuilder)builder).Build();
        }

        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ControllerHost(host, cache);
    }

    /// <summary>Runs until cancelled (Ctrl+C), then stops the host.</summary>
    public static async Task RunUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the normal way to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _host.StopAsync(stop.Token);
        }

        _host.Dispose();
        try
        {
            if (Directory.Exists(_cacheDirectory))
            {
                Directory.Delete(_cacheDirectory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover cache folder in the temporary folder is harmless.
        }
    }

    private static GitWebhookOptions WebhookOptionsFromEnvironment() => new()
    {
        GitHubSecret = Environment.GetEnvironmentVariable("GITOPS_WEBHOOK_GITHUB_SECRET"),
        GitLabSecret = Environment.GetEnvironmentVariable("GITOPS_WEBHOOK_GITLAB_TOKEN"),
        BitbucketUuid = Environment.GetEnvironmentVariable("GITOPS_WEBHOOK_BITBUCKET_UUID"),
        GenericToken = Environment.GetEnvironmentVariable("GITOPS_WEBHOOK_TOKEN"),
    };
}
