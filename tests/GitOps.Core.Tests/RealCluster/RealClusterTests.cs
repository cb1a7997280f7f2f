using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Manifests;
using GitOps.Sync;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.RealCluster;

/// <summary>
/// The comparer and the sync engine against a real cluster, when the environment variable
/// <c>GITOPS_TEST_KUBECONFIG</c> names a kubeconfig (optionally <c>GITOPS_TEST_CONTEXT</c>). Each run works in a
/// namespace of its own and deletes it afterwards. Without the variable every test is ignored, saying why.
/// </summary>
[NonParallelizable]
public sealed class RealClusterTests
{
    private const string KubeconfigVariable = "GITOPS_TEST_KUBECONFIG";
    private ClusterClient? _client;
    private ServiceProvider? _provider;
    private string _namespace = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        var kubeconfig = Environment.GetEnvironmentVariable(KubeconfigVariable);
        if (string.IsNullOrEmpty(kubeconfig))
        {
            return;
        }

        _client = new ClusterClient(new ClusterConnectionOptions
        {
            KubeconfigPath = kubeconfig,
            Context = Environment.GetEnvironmentVariable("GITOPS_TEST_CONTEXT"),
        });
        var services = new ServiceCollection();
        services.AddGitOpsCore();
        _provider = services.BuildServiceProvider();
        _namespace = $"gitops-dotnet-test-{Guid.NewGuid().ToString("N")[..8]}";
        var ns = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{}}""");
        ns.Name = _namespace;
        await _client.CreateAsync(await _client.Discovery.GetAsync(ns), ns);
    }

    [OneTimeTearDown]
    public async Task Disconnect()
    {
        if (_client is not null)
        {
            var ns = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{}}""");
            ns.Name = _namespace;
            await _client.DeleteAsync(await _client.Discovery.GetAsync(ns), null, _namespace);
            _client.Dispose();
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [SetUp]
    public void RequireCluster()
    {
        if (_client is null)
        {
            Assert.Ignore($"No real cluster: set {KubeconfigVariable} to a kubeconfig to run these tests against it.");
        }
    }

    private static ManifestObject ConfigMap(string name, string value) => ManifestObjects.Parse($$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: {{name}}}
        data: {value: "{{value}}"}
        """);

    private static ManifestObject Service() => ManifestObjects.Parse("""
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
        """);

    [Test]
    public async Task SyncThenCompare_RealServerDefaults_Synced()
    {
        var engine = _provider!.GetRequiredService<ISyncEngine>();
        ManifestObject[] desired = [ConfigMap("settings", "1"), Service()];

        var sync = await engine.SyncAsync(_client!, new SyncRequest { ApplicationName = "real", Revision = "r1", DestinationNamespace = _namespace, Desired = desired });
        var compare = await _provider!.GetRequiredService<IStateComparer>().CompareAsync(_client!, new ComparisonRequest
        {
            ApplicationName = "real", Desired = desired, DestinationNamespace = _namespace,
        });

        Assert.Multiple(() =>
        {
            Assert.That(sync.Phase, Is.EqualTo(OperationPhase.Succeeded), sync.Message);
            Assert.That(compare.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced),
                string.Join("; ", compare.Resources.Where(r => r.Status != ResourceSyncStatus.Synced).Select(r => $"{r.Key} {string.Join(",", r.Diff?.ChangedPaths ?? [])}")));
        });
    }

    [Test]
    public async Task SyncNewRevision_PrunesAndConfigures()
    {
        var engine = _provider!.GetRequiredService<ISyncEngine>();
        await engine.SyncAsync(_client!, new SyncRequest
        {
            ApplicationName = "prune", Revision = "r1", DestinationNamespace = _namespace, Desired = [ConfigMap("a", "1"), ConfigMap("b", "1")],
        });

        var second = await engine.SyncAsync(_client!, new SyncRequest
        {
            ApplicationName = "prune", Revision = "r2", DestinationNamespace = _namespace, Desired = [ConfigMap("a", "2")],
            Options = new SyncOptions { Prune = PruneMode.On },
        });

        Assert.Multiple(() =>
        {
            Assert.That(second.Phase, Is.EqualTo(OperationPhase.Succeeded), second.Message);
            Assert.That(second.Results.Single(r => r.Key.Name == "b").Outcome, Is.EqualTo(GitOps.Apply.ApplyOutcome.Pruned));
            Assert.That(second.Results.Single(r => r.Key.Name == "a").Outcome, Is.EqualTo(GitOps.Apply.ApplyOutcome.Configured));
        });
    }
}
