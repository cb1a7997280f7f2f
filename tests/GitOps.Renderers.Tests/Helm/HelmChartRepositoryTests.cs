using GitOps.Renderers.Helm;
using GitOps.Renderers.Tests.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Helm;

public sealed class HelmChartRepositoryTests
{
    private const string User = "reader";
    private const string Password = "s3cret-chart-pass";

    private TempDirectory _dir = null!;
    private ChartRepositoryServer _server = null!;
    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public void StartRepository()
    {
        var helm = ExternalTools.Require("helm");
        _dir = new TempDirectory();
        HelmCharts.WriteCacheChart(_dir, "src/cache");
        var served = Path.Combine(_dir.Path, "served");
        System.IO.Directory.CreateDirectory(served);
        ExternalTools.Run(helm, _dir.Path, "package", "src/cache", "--destination", served);
        var port = ChartRepositoryServer.FreePort();
        ExternalTools.Run(helm, _dir.Path, "repo", "index", served, "--url", $"http://127.0.0.1:{port}/");
        _server = new ChartRepositoryServer(served, port, User, Password);
        _dir.Write("repo/README.md", "the application repository holds nothing of the chart");
        _services = ExternalTools.Services(b => b.Services.AddSingleton<IHelmCredentialProvider>(new FixedHelmCredentials(_server.Url, User, Password)));
    }

    [OneTimeTearDown]
    public async Task StopRepository()
    {
        _server?.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _dir?.Dispose();
    }

    private Task<RenderResult> RenderAsync(HelmRendererOptions options, ServiceProvider? services = null) =>
        ExternalTools.RenderAsync(services ?? _services, new LocalDirectorySourceTree(Path.Combine(_dir.Path, "repo")), string.Empty, options);

    [Test]
    public async Task RenderAsync_ChartFromHttpRepositoryWithBasicAuth_PulledAndRendered()
    {
        var result = await RenderAsync(new HelmRendererOptions
        {
            Chart = new HelmChartReference(_server.Url, "cache", "0.1.0"),
            Parameters = [new HelmParameter("size", "5")],
        });

        var config = result.Objects.Single();
        Assert.Multiple(() =>
        {
            Assert.That(config.Name, Is.EqualTo("demo-cache"));
            Assert.That(config.Root["data"]!["size"]!.GetValue<string>(), Is.EqualTo("5"));
            Assert.That(result.Diagnostics.Single().Location!.File, Is.EqualTo("cache/templates/cm.yaml"));
        });
    }

    [Test]
    public async Task RenderAsync_VersionRange_PicksMatchingVersion()
    {
        var result = await RenderAsync(new HelmRendererOptions { Chart = new HelmChartReference(_server.Url, "cache", "^0.1") });

        Assert.That(result.Objects.Single().Name, Is.EqualTo("demo-cache"));
    }

    [Test]
    public async Task RenderAsync_WrongPassword_FailsWithoutShowingIt()
    {
        const string wrong = "not-the-password-42";
        await using var services = ExternalTools.Services(b => b.Services.AddSingleton<IHelmCredentialProvider>(new FixedHelmCredentials(_server.Url, User, wrong)));

        var error = Assert.ThrowsAsync<RenderException>(async () =>
            await RenderAsync(new HelmRendererOptions { Chart = new HelmChartReference(_server.Url, "cache", "0.1.0") }, services))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("helm pull").And.Contain("cache").And.Contain("401"));
            Assert.That(error.Message, Does.Not.Contain(wrong));
        });
    }

    [Test]
    public void RenderAsync_UnknownVersion_FailsNamingChartAndVersion()
    {
        Assert.That(async () => await RenderAsync(new HelmRendererOptions { Chart = new HelmChartReference(_server.Url, "cache", "9.9.9") }),
            Throws.TypeOf<RenderException>().With.Message.Contains("cache").And.Message.Contains("9.9.9"));
    }

    [Test]
    public async Task RenderAsync_RemoteDependencyWithDownloadAllowed_BuiltFromRepositoryChartYamlNames()
    {
        // The dependency comes from the basic-auth chart repository, with the credentials of the provider.
        _dir.Write("app-repo/umbrella/Chart.yaml", $"""
            apiVersion: v2
            name: umbrella
            version: 0.1.0
            dependencies:
              - name: cache
                version: 0.1.0
                repository: {_server.Url}
            """);
        _dir.Write("app-repo/umbrella/values.yaml", "cache:\n  size: 42\n");
        await using var allowed = ExternalTools.Services(b => b
            .AddHelmRenderer(s => s.AllowDependencyDownload = true)
            .Services.AddSingleton<IHelmCredentialProvider>(new FixedHelmCredentials(_server.Url, User, Password)));

        var result = await ExternalTools.RenderAsync(allowed, new LocalDirectorySourceTree(Path.Combine(_dir.Path, "app-repo")), "umbrella", null);

        Assert.That(result.Objects.Single().Root["data"]!["size"]!.GetValue<string>(), Is.EqualTo("42"));
    }

    [TestCase("--help")]
    [TestCase("../cache")]
    public void RenderAsync_ChartNameThatIsNotAName_Refused(string chart)
    {
        Assert.That(async () => await RenderAsync(new HelmRendererOptions { Chart = new HelmChartReference(_server.Url, chart, "0.1.0") }),
            Throws.TypeOf<RenderException>().With.Message.Contains(chart));
    }
}
