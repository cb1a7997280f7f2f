using GitOps.Applications;
using GitOps.Comparison;
using GitOps.Reconcile;
using GitOps.Renderers.Helm;
using GitOps.Renderers.Tests.Helm;
using GitOps.Renderers.Tools;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Reconcile;

/// <summary>Applications whose chart comes from a Helm chart repository (spec.source.chart), served over HTTP by the test.</summary>
public sealed class ApplicationReconcilerChartTests : EmulatorTest
{
    private const string User = "charts";
    private const string Password = "chart-repo-secret";

    private TempDirectory _dir = null!;
    private ChartRepositoryServer _server = null!;
    private string _helmFolder = null!;

    [OneTimeSetUp]
    public async Task StartChartRepository()
    {
        var helm = Tools.Find("helm");
        _helmFolder = Path.GetDirectoryName(helm)!;
        _dir = new TempDirectory();
        var served = Path.Combine(_dir.Path, "served");
        Directory.CreateDirectory(served);
        // Two versions of one chart, so that a range has something to choose from.
        foreach (var version in new[] { "0.1.0", "0.2.0" })
        {
            _dir.Write($"src/{version}/greeter/Chart.yaml", $"apiVersion: v2\nname: greeter\nversion: {version}\n");
            _dir.Write($"src/{version}/greeter/values.yaml", "greeting: hello\n");
            _dir.Write($"src/{version}/greeter/templates/cm.yaml", $$$"""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{.Release.Name}}-greeter
                data:
                  greeting: {{.Values.greeting | quote}}
                  chartVersion: "{{{version}}}"
                """);
            await RunAsync(helm, "package", Path.Combine(_dir.Path, "src", version, "greeter"), "--destination", served);
        }

        var port = ChartRepositoryServer.FreePort();
        await RunAsync(helm, "repo", "index", served, "--url", $"http://127.0.0.1:{port}/");
        _server = new ChartRepositoryServer(served, port, User, Password);
    }

    [OneTimeTearDown]
    public void StopChartRepository()
    {
        _server?.Dispose();
        _dir?.Dispose();
    }

    private static async Task RunAsync(string helm, params string[] args)
    {
        var (exitCode, output) = await Tools.RunAsync(helm, new Dictionary<string, string> { ["HELM_CONFIG_HOME"] = Path.GetTempPath() }, args);
        Assert.That(exitCode, Is.Zero, $"helm {string.Join(' ', args)}: {output}");
    }

    private async Task<ReconcileHarness> HarnessAsync() => new(Cluster, await NewNamespaceAsync("chart"), services: s =>
    {
        s.Configure<ExternalToolSettings>(t => t.SearchDirectories.Add(_helmFolder));
        s.AddSingleton<IHelmCredentialProvider>(new RepositoryCredentials(_server.Url));
    });

    private Application ChartApplication(ReconcileHarness h, string name, string targetRevision) => h.Application(name) with
    {
        Spec = h.Application(name).Spec with
        {
            Source = new ApplicationSource
            {
                RepoUrl = _server.Url,
                Chart = "greeter",
                TargetRevision = targetRevision,
                Helm = new HelmSourceOptions { Parameters = [new GitOps.Applications.HelmParameter("greeting", "bonjour")] },
            },
        },
    };

    private static async Task<System.Text.Json.Nodes.JsonNode?> LiveDataAsync(ReconcileHarness h, string name)
    {
        var live = await h.Cluster.Client.GetAsync(await h.ConfigMapsAsync(), h.Namespace, name);
        return live?.Root["data"];
    }

    [Test]
    public async Task ReconcileAsync_ChartVersionFromChartRepository_SyncedWithParametersAndNotPulledAgainWhileUnchanged()
    {
        await using var h = await HarnessAsync();
        var app = ChartApplication(h, "greeter", "0.1.0");

        var first = await h.Reconciler.ReconcileAsync(app, h.Context());
        var requests = _server.Requests;
        var second = await h.Reconciler.ReconcileAsync(app, h.Context());
        var data = await LiveDataAsync(h, $"{app.Name}-greeter");

        Assert.Multiple(() =>
        {
            Assert.That(first.Status.Conditions.Where(c => c.IsError), Is.Empty);
            Assert.That(first.Synced, Is.True);
            Assert.That(second.Status.SyncStatus, Is.EqualTo(ApplicationSyncStatus.Synced));
            Assert.That(second.Status.Revision, Is.EqualTo("0.1.0"), "the chart version is the revision, as in Argo CD");
            Assert.That(data?["greeting"]?.GetValue<string>(), Is.EqualTo("bonjour"));
            Assert.That(data?["chartVersion"]?.GetValue<string>(), Is.EqualTo("0.1.0"));
            Assert.That(second.Rendered, Is.False, "an unchanged version is not rendered again");
            Assert.That(_server.Requests, Is.EqualTo(requests), "nor pulled again");
        });
    }

    [TestCase(">=0.1.0 <1.0.0")]
    [TestCase("HEAD")]
    public async Task ReconcileAsync_ChartVersionRange_ResolvedFromTheIndexToTheHighestMatchingVersionWhichIsTheRevision(string range)
    {
        await using var h = await HarnessAsync();
        var app = ChartApplication(h, "ranged", range);

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());
        var requests = _server.Requests;
        var notModified = _server.NotModified;
        var again = await h.Reconciler.ReconcileAsync(app, h.Context());
        var data = await LiveDataAsync(h, $"{app.Name}-greeter");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status.Conditions.Where(c => c.IsError), Is.Empty);
            Assert.That(result.Status.Revision, Is.EqualTo("0.2.0"));
            Assert.That(data?["chartVersion"]?.GetValue<string>(), Is.EqualTo("0.2.0"));
            Assert.That(again.Rendered, Is.False, "the range still means 0.2.0, so nothing is rendered again");
            Assert.That(_server.Requests - requests, Is.EqualTo(1), "one read of index.yaml, no pull");
            Assert.That(_server.NotModified - notModified, Is.EqualTo(1), "the unchanged index answered 304 to its ETag, not sent again");
        });
    }

    [Test]
    public async Task ReconcileAsync_RangeNoVersionMatches_ComparisonErrorListingTheVersions()
    {
        await using var h = await HarnessAsync();
        var app = ChartApplication(h, "beyond", ">=5.0.0");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        Assert.That(result.Status.Conditions.Single(c => c.IsError).Message,
            Does.Contain("no version of chart 'greeter' in '>=5.0.0'").And.Contain("0.1.0, 0.2.0").And.Not.Contain(Password));
    }

    [Test]
    public async Task ReconcileAsync_ChartMissingFromRepository_ComparisonErrorNamingTheChart()
    {
        await using var h = await HarnessAsync();
        var app = ChartApplication(h, "missing", "9.9.9");

        var result = await h.Reconciler.ReconcileAsync(app, h.Context());

        var error = result.Status.Conditions.Single(c => c.IsError);
        Assert.That(error.Type, Is.EqualTo(ApplicationConditionTypes.ComparisonError));
        Assert.That(error.Message, Does.Contain("greeter").And.Contain("9.9.9").And.Not.Contain(Password));
    }

    private sealed class RepositoryCredentials(string url) : IHelmCredentialProvider
    {
        public ValueTask<HelmCredentials?> GetCredentialsAsync(string repositoryUrl, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(repositoryUrl == url ? new HelmCredentials(User, Password) : null);
    }
}
