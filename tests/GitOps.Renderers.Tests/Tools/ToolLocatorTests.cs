using GitOps.Renderers.Tools;
using GitOps.Rendering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Tests.Tools;

public sealed class ToolLocatorTests : StandInToolTest
{
    private static ToolLocator Locator(ExternalToolSettings settings) =>
        new(Options.Create(settings), new ToolRunner(Options.Create(settings), TimeProvider.System, NullLogger<ToolRunner>.Instance));

    private string FakeTool(string name, string versionOutput) => Script("bin/" + name, $"echo '{versionOutput}'");

    [Test]
    public void LocateAsync_Missing_NamesToolAndHowToGetIt()
    {
        var settings = new ExternalToolSettings { HelmPath = Path.Combine(Dir.Path, "no-helm") };

        Assert.That(async () => await Locator(settings).LocateAsync(ExternalTool.Helm, CancellationToken.None),
            Throws.TypeOf<RenderException>().With.Message.Contains("helm").And.Message.Contains("Install Helm 3.8 or later"));
    }

    [Test]
    public void LocateAsync_NotInSearchDirectoriesOrPath_NamesTool()
    {
        var settings = new ExternalToolSettings { KustomizePath = null };
        settings.SearchDirectories.Add(Dir.Path);
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", Dir.Path);
            Assert.That(async () => await Locator(settings).LocateAsync(ExternalTool.Jsonnet, CancellationToken.None),
                Throws.TypeOf<RenderException>().With.Message.Contains("jsonnet program was not found").And.Message.Contains("jsonnet 0.18"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [TestCase(ExternalTool.Helm, "v3.7.2+g663a896", "3.7.2")]
    [TestCase(ExternalTool.Kubectl, "Client Version: v1.26.3", "1.26.3")]
    [TestCase(ExternalTool.Jsonnet, "Jsonnet commandline interpreter v0.17.0", "0.17.0")]
    [TestCase(ExternalTool.Kustomize, "v4.5.7", "4.5.7")]
    public void LocateAsync_TooOld_SaysVersionAndMinimum(ExternalTool tool, string output, string version)
    {
        var settings = new ExternalToolSettings();
        settings.SearchDirectories.Add(Path.Combine(Dir.Path, "bin"));
        FakeTool(ToolLocator.DisplayName(tool), output);

        Assert.That(async () => await Locator(settings).LocateAsync(tool, CancellationToken.None),
            Throws.TypeOf<RenderException>().With.Message.Contains($"version {version}, older than the {ToolLocator.MinimumVersion(tool)}"));
    }

    [Test]
    public async Task LocateAsync_GoodVersion_ReportedAndCheckedOnce()
    {
        var settings = new ExternalToolSettings();
        settings.SearchDirectories.Add(Path.Combine(Dir.Path, "bin"));
        var path = FakeTool("helm", "v4.1.4+g05fa379");
        var runner = new ToolRunner(Options.Create(settings), TimeProvider.System, NullLogger<ToolRunner>.Instance);
        var locator = new ToolLocator(Options.Create(settings), runner);

        var first = await locator.LocateAsync(ExternalTool.Helm, CancellationToken.None);
        var second = await locator.LocateAsync(ExternalTool.Helm, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new LocatedTool(ExternalTool.Helm, path, new Version(4, 1, 4))));
            Assert.That(second, Is.SameAs(first));
            Assert.That(runner.Invocations, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task LocateAsync_RealTools_MeetMinimumVersions()
    {
        var settings = new ExternalToolSettings();
        if (ExternalTools.ToolsBin is { } bin)
        {
            settings.SearchDirectories.Add(bin);
        }

        var locator = Locator(settings);
        foreach (var (tool, name) in new[] { (ExternalTool.Helm, "helm"), (ExternalTool.Kubectl, "kubectl"), (ExternalTool.Jsonnet, "jsonnet") })
        {
            ExternalTools.Require(name);
            var found = await locator.LocateAsync(tool, CancellationToken.None);
            Assert.That(found.Version, Is.GreaterThanOrEqualTo(ToolLocator.MinimumVersion(tool)), name);
        }
    }
}
