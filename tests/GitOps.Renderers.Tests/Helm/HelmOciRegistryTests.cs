using GitOps.Renderers.Helm;
using GitOps.Renderers.Tests.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Helm;

/// <summary>Charts from an OCI registry: pushed there by the real `helm push`, pulled by the renderer through `helm pull oci://`.</summary>
public sealed class HelmOciRegistryTests
{
    private const string User = "puller";
    private const string Password = "s3cret-oci-pass";

    private TempDirectory _dir = null!;
    private OciRegistryServer _registry = null!;
    private ServiceProvider _services = null!;

    private string Registry => $"oci://{_registry.Host}/charts";

    [OneTimeSetUp]
    public async Task PushChart()
    {
        var helm = ExternalTools.Require("helm");
        _dir = new TempDirectory();
        HelmCharts.WriteCacheChart(_dir, "src/cache");
        ExternalTools.Run(helm, _dir.Path, "package", "src/cache", "--destination", "packaged");
        _registry = await OciRegistryServer.StartAsync(User, Password);
        ExternalTools.Run(helm, _dir.Path, "push", Path.Combine("packaged", "cache-0.1.0.tgz"), Registry, "--plain-http");
        _registry.RequireAuthentication = true;
        _dir.Write("repo/README.md", "the application repository holds nothing of the chart");
        _services = ExternalTools.Services(b => b.Services.AddSingleton<IHelmCredentialProvider>(new FixedHelmCredentials(Registry, User, Password)));
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _dir?.Dispose();
    }

    private Task<RenderResult> RenderAsync(HelmRendererOptions options, ServiceProvider? services = null) =>
        ExternalTools.RenderAsync(services ?? _services, new LocalDirectorySourceTree(Path.Combine(_dir.Path, "repo")), string.Empty, options);

    [Test]
    public async Task RenderAsync_ChartFromOciRegistryWithBasicAuth_PulledAndRendered()
    {
        var reads = _registry.ManifestReads;

        var result = await RenderAsync(new HelmRendererOptions
        {
            Chart = new HelmChartReference(Registry, "cache", "0.1.0") { PlainHttp = true },
            Parameters = [new HelmParameter("size", "7")],
        });

        var config = result.Objects.Single();
        Assert.Multiple(() =>
        {
            Assert.That(config.Name, Is.EqualTo("demo-cache"));
            Assert.That(config.Root["data"]!["size"]!.GetValue<string>(), Is.EqualTo("7"));
            Assert.That(_registry.ManifestReads, Is.GreaterThan(reads), "pulled from the registry");
        });
    }

    [Test]
    public async Task RenderAsync_WrongOciPassword_FailsWithoutShowingIt()
    {
        const string wrong = "not-the-oci-password-42";
        await using var services = ExternalTools.Services(b => b.Services.AddSingleton<IHelmCredentialProvider>(new FixedHelmCredentials(Registry, User, wrong)));

        var e = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync(
            new HelmRendererOptions { Chart = new HelmChartReference(Registry, "cache", "0.1.0") { PlainHttp = true } }, services));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("cache"));
            Assert.That(e.ToString(), Does.Not.Contain(wrong));
        });
    }

    [Test]
    public void RenderAsync_MissingOciVersion_FailsNamingIt()
    {
        var e = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync(
            new HelmRendererOptions { Chart = new HelmChartReference(Registry, "cache", "9.9.9") { PlainHttp = true } }));

        Assert.That(e!.Message, Does.Contain("9.9.9"));
    }
}
