using System.Net;
using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Testing;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Cluster;

[NonParallelizable]
public sealed class ClusterClientTests
{
    private const string Token = "s3cr3t-emulator-token";
    private EmulatorFixture _cluster = null!;

    [OneTimeSetUp]
    public async Task Start() => _cluster = await EmulatorFixture.StartAsync(new KubernetesEmulatorOptions { BearerToken = Token });

    [OneTimeTearDown]
    public async Task Stop() => await _cluster.DisposeAsync();

    private static ManifestObject ConfigMap(string name, string ns) =>
        new(JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"data":{"a":"1"}}""")!.AsObject());

    [Test]
    public async Task ListAsync_MoreThanOnePage_ReturnsEveryObject()
    {
        await _cluster.CreateNamespaceAsync("paged");
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("x", "paged"));
        for (var i = 0; i < 25; i++)
        {
            await _cluster.Client.CreateAsync(resource, ConfigMap($"cm-{i:D2}", "paged"));
        }

        _cluster.Emulator.RequestLog.Clear();
        var list = await _cluster.Client.ListAsync(resource, "paged", new ListOptions { PageSize = 10 });

        Assert.Multiple(() =>
        {
            Assert.That(list.Items, Has.Count.EqualTo(25));
            Assert.That(list.Items.Select(i => i.Kind).Distinct(), Is.EqualTo(new[] { "ConfigMap" }));
            Assert.That(list.ResourceVersion, Is.Not.Empty);
            Assert.That(_cluster.Emulator.RequestLog.Count("list", "configmaps"), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Requests_AnsweredOrNot_AreMeasuredByMethodAndStatusCode()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("x", "default"));
        var measured = new System.Collections.Concurrent.ConcurrentBag<(string? Method, int Code)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Diagnostics.GitOpsTelemetry.Name && instrument.Name == "gitops.kubernetes.request.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? method = null;
            var code = -1;
            foreach (var tag in tags)
            {
                (method, code) = tag.Key switch
                {
                    "http.request.method" => ((string?)tag.Value, code),
                    "http.response.status_code" => (method, (int)tag.Value!),
                    _ => (method, code),
                };
            }

            measured.Add((method, code));
        });
        listener.Start();

        await _cluster.Client.CreateAsync(resource, ConfigMap("measured", "default"));
        await _cluster.Client.GetAsync(resource, "default", "measured-missing");
        listener.Dispose();

        Assert.That(measured, Does.Contain(("POST", 201)).And.Contain(("GET", 404)));
    }

    [Test]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("x", "default"));
        Assert.That(await _cluster.Client.GetAsync(resource, "default", "does-not-exist"), Is.Null);
    }

    [Test]
    public async Task CreateAsync_Existing_ThrowsConflictWithServerStatus()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("dup", "default"));
        await _cluster.Client.CreateAsync(resource, ConfigMap("dup", "default"));

        var e = Assert.ThrowsAsync<KubernetesApiException>(async () => await _cluster.Client.CreateAsync(resource, ConfigMap("dup", "default")));

        Assert.Multiple(() =>
        {
            Assert.That(e!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(e.Reason, Is.EqualTo("AlreadyExists"));
            Assert.That(e.IsTransient, Is.False);
            Assert.That(e.Message, Does.Contain("dup"));
        });
    }

    [Test]
    public async Task DeleteAsync_ExistingThenMissing_TrueThenFalse()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("gone", "default"));
        await _cluster.Client.CreateAsync(resource, ConfigMap("gone", "default"));

        Assert.Multiple(async () =>
        {
            Assert.That(await _cluster.Client.DeleteAsync(resource, "default", "gone"), Is.True);
            Assert.That(await _cluster.Client.DeleteAsync(resource, "default", "gone"), Is.False);
        });
    }

    [Test]
    public async Task ApplyAsync_DryRun_StoresNothing()
    {
        var resource = await _cluster.Client.Discovery.GetAsync(ConfigMap("dry", "default"));

        var predicted = await _cluster.Client.ApplyAsync(resource, ConfigMap("dry", "default"), new ApplyOptions { DryRun = true });

        Assert.Multiple(async () =>
        {
            Assert.That(predicted.Name, Is.EqualTo("dry"));
            Assert.That(await _cluster.Client.GetAsync(resource, "default", "dry"), Is.Null);
        });
    }

    [Test]
    public void AnyRequest_WrongToken_UnauthorizedWithoutLeakingTheToken()
    {
        using var client = new ClusterClient(new ClusterConnectionOptions { Server = _cluster.Emulator.BaseAddress, Token = "wrong-token-value" });

        var e = Assert.ThrowsAsync<KubernetesApiException>(async () => await client.Discovery.GetAllAsync());

        Assert.Multiple(() =>
        {
            Assert.That(e!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(e.ToString(), Does.Not.Contain("wrong-token-value").And.Not.Contain(Token));
        });
    }

    [Test]
    public void AnyRequest_UnreachableServer_TransientErrorNamingServer()
    {
        using var client = new ClusterClient(new ClusterConnectionOptions { Server = new Uri("http://127.0.0.1:1/"), Token = Token });

        var e = Assert.ThrowsAsync<KubernetesApiException>(async () => await client.Discovery.GetAllAsync());

        Assert.Multiple(() =>
        {
            Assert.That(e!.IsTransient, Is.True);
            Assert.That(e.Message, Does.Contain("127.0.0.1:1"));
            Assert.That(e.ToString(), Does.Not.Contain(Token));
        });
    }

    [Test]
    public async Task Discovery_KindFromNewCrd_FoundAfterRefresh()
    {
        await _cluster.Client.Discovery.GetAllAsync();
        var crd = new ManifestObject(JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
               "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """)!.AsObject());
        await _cluster.ApplyAsync(crd);

        var widget = await _cluster.Client.Discovery.FindAsync(new GroupVersionKind("example.com", "v1", "Widget"));

        Assert.Multiple(() =>
        {
            Assert.That(widget, Is.Not.Null);
            Assert.That(widget!.Name, Is.EqualTo("widgets"));
            Assert.That(widget.Namespaced, Is.True);
        });
    }

    [Test]
    public async Task Connect_KubeconfigFileAndContext_Works()
    {
        var kubeconfig = await _cluster.Emulator.WriteKubeconfigAsync(Path.Combine(Path.GetTempPath(), $"gitops-kubeconfig-{Guid.NewGuid():N}"));
        try
        {
            using var viaFile = new ClusterClient(new ClusterConnectionOptions { KubeconfigPath = kubeconfig });
            var version = await viaFile.Discovery.GetServerVersionAsync();
            Assert.That(version, Does.StartWith("v1."));
            Assert.That(() => new ClusterClient(new ClusterConnectionOptions { KubeconfigPath = kubeconfig, Context = "no-such-context" }),
                Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("no-such-context"));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
