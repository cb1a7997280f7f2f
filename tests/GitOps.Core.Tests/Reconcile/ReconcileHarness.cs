using System.Text.Json.Nodes;
using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Reconcile;
using GitOps.Rendering;
using GitOps.Sync;
using GitOps.Tests.Sources.Fixtures;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

/// <summary>
/// The SDK wired with the directory renderer and the reconciler against the shared emulator, a Git repository on disk
/// holding one application folder, and helpers to read and edit live objects.
/// </summary>
internal sealed class ReconcileHarness : IAsyncDisposable
{
    private readonly TestSupport.TempDirectory _temp = new();

    public ReconcileHarness(EmulatorFixture cluster, string ns, Action<ReconcilerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        Cluster = cluster;
        Namespace = ns;
        Repository = TestRepository.Create(_temp.Path, "repo");
        var collection = new ServiceCollection();
        collection.AddGitOps()
            .ConfigureGit(o => o.CacheDirectory = Path.Combine(_temp.Path, "cache"))
            .AddReconciler(o => { o.PollJitter = TimeSpan.Zero; }, o =>
            {
                o.SyncDefaults = new SyncOptions { HealthPollInterval = TimeSpan.FromMilliseconds(50) };
                o.SelfHealBackoff = TimeSpan.Zero;
                configure?.Invoke(o);
            });
        collection.AddSingleton(cluster.Client);
        // Count renders: wrap the real render service.
        collection.AddSingleton<CountingRenderService>();
        collection.AddSingleton<IManifestRenderService>(sp => sp.GetRequiredService<CountingRenderService>());
        collection.AddSingleton(sp => ActivatorUtilities.CreateInstance<ManifestRenderService>(sp));
        services?.Invoke(collection);
        Services = collection.BuildServiceProvider();
    }

    public EmulatorFixture Cluster { get; }

    public string Namespace { get; }

    public TestRepository Repository { get; }

    public ServiceProvider Services { get; }

    public ApplicationReconciler Reconciler => Services.GetRequiredService<ApplicationReconciler>();

    public IApplicationStatusStore Statuses => Services.GetRequiredService<IApplicationStatusStore>();

    public CountingRenderService Renders => Services.GetRequiredService<CountingRenderService>();

    public ReconcileContext Context(LiveStateCache? cache = null, bool hard = false) => new() { Cluster = Cluster.Client, LiveState = cache, Hard = hard };

    /// <summary>Writes a ConfigMap manifest into the application folder <paramref name="path"/> and commits.</summary>
    public string CommitConfigMap(string name, string value, string path = "app")
    {
        Repository.WriteFile($"{path}/{name}.yaml", $"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {name}
            data:
              value: "{value}"
            """);
        return Repository.Commit($"{name}={value}");
    }

    /// <summary>Removes a ConfigMap manifest from the application folder and commits.</summary>
    public string RemoveFile(string name, string path = "app")
    {
        Repository.Delete($"{path}/{name}.yaml");
        return Repository.Commit($"remove {name}");
    }

    /// <summary>An application name unique to this test: tracking names are cluster-wide, and tests share one emulated cluster.</summary>
    public string Name(string name) => $"{name}-{Namespace}";

    public Application Application(string name, bool automated = true, bool prune = false, bool selfHeal = false, bool allowEmpty = false,
        string path = "app", IReadOnlyList<string>? dependsOn = null, SyncAttemptRetryPolicy? retry = null) => new()
    {
        Metadata = new ApplicationMetadata { Name = Name(name) },
        Spec = new ApplicationSpec
        {
            Source = new ApplicationSource { RepoUrl = Repository.FileUrl, TargetRevision = "main", Path = path },
            Destination = new ApplicationDestination { Namespace = Namespace },
            SyncPolicy = new ApplicationSyncPolicy
            {
                Automated = automated ? new AutomatedSyncPolicy { Prune = prune, SelfHeal = selfHeal, AllowEmpty = allowEmpty } : null,
                Retry = retry,
            },
            DependsOn = [.. (dependsOn ?? []).Select(d => new ApplicationReference(Name(d)))],
        },
    };

    public async Task<ApiResource> ConfigMapsAsync()
    {
        var probe = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""");
        return await Cluster.Client.Discovery.GetAsync(probe);
    }

    /// <summary>The live ConfigMap's data.value, or null when it does not exist.</summary>
    public async Task<string?> LiveValueAsync(string name)
    {
        var live = await Cluster.Client.GetAsync(await ConfigMapsAsync(), Namespace, name);
        return live?.Root["data"]?["value"]?.GetValue<string>();
    }

    /// <summary>Edits the live ConfigMap as a person with kubectl would.</summary>
    public async Task EditLiveAsync(string name, string value) =>
        await Cluster.Client.PatchAsync(await ConfigMapsAsync(), Namespace, name, "application/merge-patch+json",
            new JsonObject { ["data"] = new JsonObject { ["value"] = value } }, fieldManager: "kubectl-edit");

    /// <summary>Waits until a condition holds, failing after <paramref name="seconds"/>.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 15) => Eventually.HoldsAsync(condition, what, seconds);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        _temp.Dispose();
    }
}
