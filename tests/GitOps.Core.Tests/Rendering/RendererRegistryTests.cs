using GitOps.Rendering;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Rendering;

public sealed class RendererRegistryTests
{
    [TestCase("app/Chart.yaml", "helm")]
    [TestCase("app/MyChart.yaml", "helm")] // Argo CD matches on the name's ending
    [TestCase("app/kustomization.yaml", "kustomize")]
    [TestCase("app/kustomization.yml", "kustomize")]
    [TestCase("app/Kustomization", "kustomize")]
    [TestCase("app/deploy.yaml", "directory")]
    [TestCase("app/sub/Chart.yaml", "directory")] // only files directly in the path count
    public void Detect_MarkerFile_PicksRenderer(string file, string expected)
    {
        var tree = new InMemorySourceTree(new Dictionary<string, string> { [file] = "x: 1" });
        Assert.That(RendererRegistry.Detect(tree, "app"), Is.EqualTo(expected));
    }

    [Test]
    public void Detect_ChartAndKustomization_KustomizeWins()
    {
        var tree = new InMemorySourceTree(new Dictionary<string, string>
        {
            ["app/Chart.yaml"] = "name: x",
            ["app/kustomization.yaml"] = "resources: []",
        });
        Assert.That(RendererRegistry.Detect(tree, "app"), Is.EqualTo(RendererNames.Kustomize));
    }

    [Test]
    public void Detect_MissingPath_ThrowsNamingPathAndOrigin()
    {
        var tree = new InMemorySourceTree(new Dictionary<string, string> { ["a.yaml"] = "x" }, revision: "abc123", origin: "https://example.test/repo");
        Assert.That(() => RendererRegistry.Detect(tree, "nope"),
            Throws.TypeOf<RenderException>().With.Message.Contains("'nope'").And.Message.Contains("https://example.test/repo at abc123"));
    }

    [Test]
    public void Get_UnknownName_ThrowsListingRegistered()
    {
        var registry = new RendererRegistry([new CountingRenderer("directory")]);
        Assert.Multiple(() =>
        {
            Assert.That(registry.Get("DIRECTORY").Name, Is.EqualTo("directory"));
            Assert.That(() => registry.Get("helm"), Throws.TypeOf<RenderException>().With.Message.Contains("registered: directory"));
        });
    }
}
