using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Clusters;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Clusters;

[NonParallelizable]
public sealed class ClusterRegistryTests
{
    private TwoClusters _clusters = null!;

    [OneTimeSetUp]
    public async Task StartClusters() => _clusters = await TwoClusters.StartAsync();

    [OneTimeTearDown]
    public async Task StopClusters() => await _clusters.DisposeAsync();

    private static ApplicationDestination Destination(string? name = null, string? server = null) => new() { Name = name, Server = server };

    // Lists namespaces, which needs the context's own token: a wrong one is answered 401.
    private static async Task<int> NamespaceCountAsync(ClusterClient client)
    {
        var probe = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}""");
        var resource = await client.Discovery.GetAsync(probe);
        return (await client.ListAsync(resource)).Items.Count;
    }

    [Test]
    public async Task AddKubeconfig_TwoContexts_EachResolvedByNameAndByServerWithItsOwnCredentials()
    {
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig);

        var byName = registry.Resolve(Destination(name: "west"));
        var byServer = registry.Resolve(Destination(server: _clusters.East.Emulator.BaseAddress.ToString()));

        Assert.That(registry.Clusters.Select(c => (c.Name, c.Server, c.IsDefault)), Is.EqualTo(new[]
        {
            ("east", _clusters.East.Emulator.BaseAddress, true),
            ("west", _clusters.West.Emulator.BaseAddress, false),
        }));
        Assert.That(byName.Succeeded && byServer.Succeeded, Is.True, $"{byName.Error} {byServer.Error}");
        Assert.That(byName.Cluster!.Client.Server, Is.EqualTo(_clusters.West.Emulator.BaseAddress));
        Assert.That(byServer.Cluster!.Info.Name, Is.EqualTo("east"));
        Assert.That(await NamespaceCountAsync(byName.Cluster.Client), Is.GreaterThan(0));
        Assert.That(await NamespaceCountAsync(byServer.Cluster.Client), Is.GreaterThan(0));
        Assert.That(registry.Resolve(Destination(name: "west")).Cluster!.Client, Is.SameAs(byName.Cluster.Client), "one client per cluster");
    }

    [Test]
    public async Task Resolve_NeitherNameNorServer_GoesToTheCurrentContext()
    {
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig);

        Assert.That(registry.Resolve(new ApplicationDestination { Namespace = "apps" }).Cluster?.Info.Name, Is.EqualTo("east"));
    }

    [Test]
    public async Task Resolve_NameAndServerOfTheSameCluster_Resolves()
    {
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig);
        // Other spellings of the same URL: no trailing slash; an upper-case scheme.
        var server = _clusters.West.Emulator.BaseAddress.ToString().TrimEnd('/');

        Assert.That(registry.Resolve(Destination("west", server)).Cluster?.Info.Name, Is.EqualTo("west"));
        Assert.That(registry.Resolve(Destination(server: "HTTP" + server[4..] + "/")).Cluster?.Info.Name, Is.EqualTo("west"));
    }

    [Test]
    public async Task Resolve_NameAndServerDisagree_FailsNamingBoth()
    {
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig);

        var result = registry.Resolve(Destination("east", _clusters.West.Emulator.BaseAddress.ToString()));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Does.Contain("'east'").And.Contain(_clusters.West.Emulator.BaseAddress.ToString()).And.Contain("disagree"));
    }

    [Test]
    public async Task Resolve_UnknownNameOrServer_FailsListingTheKnownClustersWithoutCredentials()
    {
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig);

        var name = registry.Resolve(Destination(name: "north"));
        var server = registry.Resolve(Destination(server: "https://north.example:6443"));
        var notUrl = registry.Resolve(Destination(server: "north"));

        Assert.That(name.Error, Does.Contain("'north' is not registered").And.Contain("east (").And.Contain("west ("));
        Assert.That(server.Error, Does.Contain("no registered cluster has server 'https://north.example:6443'"));
        Assert.That(notUrl.Error, Does.Contain("'north' is not an absolute URL"));
        foreach (var error in new[] { name.Error, server.Error, notUrl.Error })
        {
            Assert.That(error, Does.Not.Contain(TwoClusters.EastToken).And.Not.Contain(TwoClusters.WestToken));
        }
    }

    [Test]
    public async Task ForSingleCluster_InClusterNameOrUrlOrItsOwnUrl_ResolveToTheClientAndOthersFail()
    {
        await using var registry = ClusterRegistry.ForSingleCluster(_clusters.East.Client);

        Assert.Multiple(() =>
        {
            Assert.That(registry.Resolve(Destination()).Cluster?.Client, Is.SameAs(_clusters.East.Client));
            Assert.That(registry.Resolve(Destination(name: "in-cluster")).Cluster?.Client, Is.SameAs(_clusters.East.Client));
            Assert.That(registry.Resolve(Destination(server: "https://kubernetes.default.svc")).Cluster?.Client, Is.SameAs(_clusters.East.Client));
            Assert.That(registry.Resolve(Destination("in-cluster", "https://kubernetes.default.svc/")).Cluster?.Client, Is.SameAs(_clusters.East.Client));
            Assert.That(registry.Resolve(Destination(server: _clusters.East.Emulator.BaseAddress.ToString())).Cluster?.Client, Is.SameAs(_clusters.East.Client));
            Assert.That(registry.Resolve(Destination(server: _clusters.West.Emulator.BaseAddress.ToString())).Succeeded, Is.False);
        });
    }

    [Test]
    public async Task AddKubeconfig_InClusterContext_AnswersToArgoCdsLocalCluster()
    {
        await using var registry = new ClusterRegistry();
        registry.AddKubeconfig(_clusters.Kubeconfig, inClusterContext: "west");

        Assert.That(registry.Resolve(Destination(name: "in-cluster")).Cluster?.Info.Name, Is.EqualTo("west"));
        Assert.That(registry.Resolve(Destination(server: "https://kubernetes.default.svc")).Cluster?.Info.Name, Is.EqualTo("west"));
    }

    [Test]
    public async Task Add_InCode_RegistersByNameAndRefusesRepeatedNamesAndSecondDefaults()
    {
        await using var registry = new ClusterRegistry();
        registry.Add("first", _clusters.East.Client, isDefault: true);
        registry.Add("second", _clusters.West.Emulator.BaseAddress, new ClusterConnectionOptions { Server = _clusters.West.Emulator.BaseAddress, Token = TwoClusters.WestToken });

        var second = registry.Resolve(Destination(name: "second"));

        Assert.That(second.Cluster?.Client.Server, Is.EqualTo(_clusters.West.Emulator.BaseAddress));
        Assert.That(await NamespaceCountAsync(second.Cluster!.Client), Is.GreaterThan(0));
        Assert.That(() => registry.Add("first", _clusters.West.Client), Throws.InvalidOperationException.With.Message.Contains("'first' is registered already"));
        Assert.That(() => registry.Add("third", _clusters.West.Client, isDefault: true), Throws.InvalidOperationException.With.Message.Contains("'first' is the default already"));
    }

    [Test]
    public async Task Resolve_TwoClustersNoDefault_NamelessDestinationFails()
    {
        await using var registry = new ClusterRegistry();
        registry.Add("a", _clusters.East.Client);
        registry.Add("b", _clusters.West.Client);

        Assert.That(registry.Resolve(Destination()).Error, Does.Contain("names no cluster").And.Contain("no default cluster"));
    }

    [Test]
    public async Task Resolve_WatchLiveState_OneCachePerCluster()
    {
        await using var registry = ClusterRegistry.FromKubeconfig(_clusters.Kubeconfig, new ClusterRegistryOptions { WatchLiveState = true });

        var east = registry.Resolve(Destination(name: "east")).Cluster!;
        var west = registry.Resolve(Destination(name: "west")).Cluster!;

        Assert.That(east.LiveState, Is.Not.Null);
        Assert.That(west.LiveState, Is.Not.SameAs(east.LiveState));
        Assert.That(east.LiveState!.Client, Is.SameAs(east.Client));
        Assert.That(registry.Resolve(Destination(name: "east")).Cluster!.LiveState, Is.SameAs(east.LiveState));
    }

    [Test]
    public void AddKubeconfig_ContextNamingAMissingCluster_ThrowsNamingFileAndContext()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("bad-kubeconfig", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: real
              cluster:
                server: https://127.0.0.1:1
            contexts:
            - name: broken
              context:
                cluster: ghost
            """);

        Assert.That(() => ClusterRegistry.FromKubeconfig(path),
            Throws.InvalidOperationException.With.Message.Contains(path).And.Message.Contains("context 'broken'").And.Message.Contains("'ghost'"));
    }

    [Test]
    public void AddKubeconfig_MissingFile_ThrowsNamingTheFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Sub("absent");

        Assert.That(() => ClusterRegistry.FromKubeconfig(path), Throws.InvalidOperationException.With.Message.Contains(path));
    }

    [Test]
    public async Task Add_ServerUrlWithUserInformation_NeitherListedNorShownInErrors()
    {
        await using var registry = new ClusterRegistry();
        var info = registry.Add("private", new Uri("https://admin:hunter2@cluster.example:6443/"), new ClusterConnectionOptions { Server = new Uri("https://cluster.example:6443/") });

        var unknown = registry.Resolve(Destination(server: "https://other:s3cr3t@elsewhere.example/"));

        Assert.Multiple(() =>
        {
            Assert.That(info.Server, Is.EqualTo(new Uri("https://cluster.example:6443/")));
            Assert.That(registry.Resolve(Destination(server: "https://cluster.example:6443")).Cluster?.Info.Name, Is.EqualTo("private"));
            Assert.That(unknown.Error, Does.Contain("https://elsewhere.example/").And.Not.Contain("hunter2").And.Not.Contain("s3cr3t"));
        });
    }
}
