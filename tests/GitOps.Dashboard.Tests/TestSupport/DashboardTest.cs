using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.Sources.Fixtures;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Dashboard.Tests.TestSupport;

/// <summary>
/// One emulated cluster, one Git repository, one running reconcile loop and one dashboard for all tests of a fixture;
/// each test adds its own application (its own namespace and folder) to the loop.
/// </summary>
[NonParallelizable]
public abstract class DashboardTest
{
    private int _apps;
    private CancellationTokenSource _stop = null!;
    private Task _run = null!;

    internal EmulatorFixture Cluster { get; private set; } = null!;

    internal TempDirectory Temp { get; private set; } = null!;

    internal TestRepository Repository { get; private set; } = null!;

    internal ServiceProvider Services { get; private set; } = null!;

    internal ReconcileLoop Loop { get; private set; } = null!;

    internal IApplicationStatusStore Statuses { get; private set; } = null!;

    internal DashboardServer Dashboard { get; private set; } = null!;

    internal HoldingSyncEngine SyncEngine => Services.GetRequiredService<HoldingSyncEngine>();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Cluster = await EmulatorFixture.StartAsync();
        Temp = new TempDirectory();
        Repository = TestRepository.Create(Temp.Path, "repo");
        Repository.WriteFile("README.md", "apps\n");
        Repository.Commit("start");
        var services = new ServiceCollection();
        services.AddGitOps()
            .ConfigureGit(o => o.CacheDirectory = Temp.Sub("cache"))
            .AddReconciler(o => { o.PollInterval = TimeSpan.FromHours(1); o.PollJitter = TimeSpan.Zero; },
                o => o.SyncDefaults = new SyncOptions { HealthPollInterval = TimeSpan.FromMilliseconds(50) });
        services.AddSingleton(Cluster.Client);
        // Watched live state: the loop refreshes on cluster changes (a rollout finishing) and the trees read from it.
        services.AddSingleton(_ => new LiveStateCache(Cluster.Client));
        // The SDK's own engine (internal to it), wrapped so that a test can hold a sync while it looks at the dashboard.
        var engine = services.Last(d => d.ServiceType == typeof(ISyncEngine));
        services.Remove(engine);
        services.AddSingleton(sp => new HoldingSyncEngine((ISyncEngine)ActivatorUtilities.CreateInstance(sp, engine.ImplementationType!)));
        services.AddSingleton<ISyncEngine>(sp => sp.GetRequiredService<HoldingSyncEngine>());
        Services = services.BuildServiceProvider();
        Loop = Services.GetRequiredService<ReconcileLoop>();
        Statuses = Services.GetRequiredService<IApplicationStatusStore>();
        _stop = new CancellationTokenSource();
        _run = Loop.RunAsync(_stop.Token);
        Dashboard = await DashboardServer.StartAsync(new DashboardOptions(), Loop, Statuses, Cluster.Client, Services.GetRequiredService<LiveStateCache>());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Dashboard.DisposeAsync();
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        Loop.Dispose();
        _stop.Dispose();
        await Services.DisposeAsync();
        await Cluster.DisposeAsync();
        Temp.Dispose();
    }

    /// <summary>A manual (not automated) application in a fresh namespace and folder, with a Deployment, a ConfigMap and a Secret at version <paramref name="version"/>.</summary>
    internal async Task<TestApp> AddApplicationAsync(int version = 1)
    {
        var n = Interlocked.Increment(ref _apps);
        var app = new TestApp(this, $"shop-{n}", $"dash-{n}", $"apps/shop-{n}");
        await Cluster.CreateNamespaceAsync(app.Namespace);
        app.Commit(version);
        Loop.AddOrUpdate(new Application
        {
            Metadata = new ApplicationMetadata { Name = app.Name },
            Spec = new ApplicationSpec
            {
                Source = new ApplicationSource { RepoUrl = Repository.FileUrl, TargetRevision = "main", Path = app.Path },
                Destination = new ApplicationDestination { Namespace = app.Namespace },
                SyncPolicy = new ApplicationSyncPolicy(),
            },
        });
        await EventuallyAsync(async () => (await Statuses.GetAsync(app.Name))?.SyncStatus == ApplicationSyncStatus.OutOfSync, $"{app.Name} reconciled as OutOfSync");
        return app;
    }

    internal static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }
}
