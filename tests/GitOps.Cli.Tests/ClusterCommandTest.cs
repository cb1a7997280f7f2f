using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Testing;
using GitOps.Tests.Sources.Fixtures;
using GitOps.Tests.TestSupport;

namespace GitOps.Cli.Tests;

/// <summary>
/// One emulated cluster (requiring a bearer token) for a fixture's tests, and per test a Git repository holding an
/// application and a namespace and name of its own, since tracking and history are cluster-wide.
/// </summary>
[NonParallelizable]
public abstract class ClusterCommandTest
{
    protected const string Token = "t0ken-that-must-never-be-printed";
    private static int _counter;
    private TempDirectory _dir = null!;

    protected KubernetesEmulator Emulator { get; private set; } = null!;

    protected TestRepository Repo { get; private set; } = null!;

    protected string TempPath => _dir.Path;

    /// <summary>This test's application name, also its destination namespace.</summary>
    protected string App { get; private set; } = string.Empty;

    [OneTimeSetUp]
    public async Task StartCluster() => Emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { BearerToken = Token });

    [OneTimeTearDown]
    public async Task StopCluster() => await Emulator.DisposeAsync();

    [SetUp]
    public async Task NewRepository()
    {
        _dir = new TempDirectory();
        Repo = TestRepository.Create(_dir.Path, "repo");
        App = $"{GetType().Name.Replace("Tests", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}-{Interlocked.Increment(ref _counter)}";
        using var client = Client();
        var namespaces = await client.Discovery.FindAsync(new GroupVersionKind(string.Empty, "v1", "Namespace"));
        await client.CreateAsync(namespaces!, new ManifestObject(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = App },
        }));
    }

    /// <summary>A client of the emulated cluster, to check what commands did.</summary>
    protected ClusterClient Client() => new(new ClusterConnectionOptions { Server = Emulator.BaseAddress, Token = Token });

    /// <summary>A live ConfigMap's data.value in this test's namespace, or null when it does not exist.</summary>
    protected async Task<string?> LiveValueAsync(string name)
    {
        using var client = Client();
        var configMaps = await client.Discovery.FindAsync(new GroupVersionKind(string.Empty, "v1", "ConfigMap"));
        var live = await client.GetAsync(configMaps!, App, name);
        return live?.Root["data"]?["value"]?.GetValue<string>();
    }

    [TearDown]
    public void DeleteRepository() => _dir.Dispose();

    /// <summary>The cluster flags.</summary>
    protected string[] Cluster => ["--server", Emulator.BaseAddress.ToString(), "--token", Token];

    /// <summary>The inline application flags plus the cluster flags.</summary>
    protected string[] Inline(params string[] more) =>
        [.. more, "--repo", Repo.FileUrl, "--path", "app", "--name", App, "--dest-namespace", App, .. Cluster];

    /// <summary>Commits a ConfigMap (and optionally a Secret) into <c>app/</c>.</summary>
    protected string CommitConfigMap(string name, string value, string? secret = null)
    {
        Repo.WriteFile($"app/{name}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  value: \"{value}\"\n");
        if (secret is not null)
        {
            Repo.WriteFile("app/secret.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: \"{secret}\"\n");
        }

        return Repo.Commit($"{name}={value}");
    }

    /// <summary>Writes a Deployment into <c>app/</c> (not committed).</summary>
    protected void WriteDeployment(string name, string image, int replicas = 1) =>
        Repo.WriteFile($"app/{name}.yaml", $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {name}
            spec:
              replicas: {replicas}
              selector:
                matchLabels:
                  app: {name}
              template:
                metadata:
                  labels:
                    app: {name}
                spec:
                  containers:
                  - name: {name}
                    image: {image}
            """);

    /// <summary>Writes an Application file for this test's application.</summary>
    protected string WriteApplication(string revision = "main", bool automated = false)
    {
        var path = Path.Combine(_dir.Path, "app.yaml");
        File.WriteAllText(path, $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: {App}
            spec:
              project: default
              source:
                repoURL: {Repo.FileUrl}
                targetRevision: {revision}
                path: app
              destination:
                server: https://kubernetes.default.svc
                namespace: {App}
            {(automated ? "  syncPolicy:\n    automated: {}\n" : string.Empty)}
            """);
        return path;
    }

    /// <summary>Asserts the token never reached any output.</summary>
    protected static void AssertNoToken(params string[] texts)
    {
        foreach (var text in texts)
        {
            Assert.That(text, Does.Not.Contain(Token));
        }
    }
}
