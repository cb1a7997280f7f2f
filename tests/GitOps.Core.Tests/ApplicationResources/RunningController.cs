using GitOps.ApplicationResources;
using GitOps.Cluster;
using GitOps.Reconcile;
using GitOps.Sync;
using GitOps.Tests.Reconcile;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.ApplicationResources;

/// <summary>
/// A reconcile loop fed by an <see cref="ApplicationResourceWatcher"/> over one harness: statuses go to the Application
/// resources, operations raise Events. Polling is off, so only the watcher's changes and explicit refreshes reconcile.
/// Disposing it stops both and disposes the harness.
/// </summary>
internal sealed class RunningController : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loopRun;
    private readonly Task _watcherRun;

    private RunningController(ReconcileHarness harness, ApplicationResourceOptions options)
    {
        Harness = harness;
        Loop = new ReconcileLoop(harness.Reconciler, harness.Cluster.Client, harness.Services.GetRequiredService<ISyncStateStore>(),
            new ReconcileLoopOptions { PollInterval = TimeSpan.FromHours(1), PollJitter = TimeSpan.Zero, StatusProcessors = 2, OperationProcessors = 2 });
        Statuses = harness.Services.GetRequiredService<ApplicationResourceStatusStore>();
        Watcher = new ApplicationResourceWatcher(harness.Cluster.Client, Loop, Statuses, options);
        _loopRun = Loop.RunAsync(_stop.Token);
        _watcherRun = Watcher.RunAsync(_stop.Token);
    }

    public ReconcileHarness Harness { get; }

    public ReconcileLoop Loop { get; }

    public ApplicationResourceWatcher Watcher { get; }

    public ApplicationResourceStatusStore Statuses { get; }

    /// <summary>A harness whose status store writes to Application resources, and the options it used.</summary>
    public static ReconcileHarness NewHarness(EmulatorFixture cluster, string ns, ApplicationResourceOptions options) =>
        new(cluster, ns, services: s =>
        {
            s.AddSingleton(sp => new ApplicationEventRecorder(cluster.Client, options));
            s.AddSingleton(sp => new ApplicationResourceStatusStore(cluster.Client, options, sp.GetRequiredService<ApplicationEventRecorder>()));
            s.AddSingleton<IApplicationStatusStore>(sp => sp.GetRequiredService<ApplicationResourceStatusStore>());
            s.AddSingleton<ISyncStateStore>(sp => new ApplicationResourceSyncStateStore(new InMemorySyncStateStore(), sp.GetRequiredService<ApplicationResourceStatusStore>()));
        });

    public static async Task<RunningController> StartAsync(ReconcileHarness harness, ApplicationResourceOptions options)
    {
        var controller = new RunningController(harness, options);
        await controller.Watcher.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        return controller;
    }

    /// <summary>The Application resource as stored.</summary>
    public async Task<GitOps.Manifests.ManifestObject?> GetAsync(ApiResource resource, string name) =>
        await Harness.Cluster.Client.GetAsync(resource, Harness.Namespace, Harness.Name(name));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loopRun, _watcherRun).WaitAsync(TimeSpan.FromSeconds(10));
        Loop.Dispose();
        _stop.Dispose();
        await Harness.DisposeAsync();
    }
}
