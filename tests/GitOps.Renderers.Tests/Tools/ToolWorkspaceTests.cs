using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Tests.TestSupport;

namespace GitOps.Renderers.Tests.Tools;

public sealed class ToolWorkspaceTests
{
    [Test]
    public async Task CreateAsync_SomePaths_CopiesOnlyThoseAndRemovesFolderOnDispose()
    {
        using var repo = new TempDirectory();
        repo.Write("chart/Chart.yaml", "name: c\n");
        repo.Write("chart/templates/a.yaml", "a");
        repo.Write("values/prod.yaml", "b");
        repo.Write("other/big.yaml", "c");

        var workspace = await ToolWorkspace.CreateAsync(new LocalDirectorySourceTree(repo.Path), ["chart", "values/prod.yaml", "chart/templates"], CancellationToken.None);
        var root = workspace.Root;
        var copied = System.IO.Directory.EnumerateFiles(workspace.RepositoryRoot, "*", SearchOption.AllDirectories)
            .Select(f => workspace.ToRepositoryPath(f)).Order(StringComparer.Ordinal).ToArray();
        await workspace.DisposeAsync();
        await workspace.Removal;

        Assert.Multiple(() =>
        {
            Assert.That(copied, Is.EqualTo(new[] { "chart/Chart.yaml", "chart/templates/a.yaml", "values/prod.yaml" }));
            Assert.That(System.IO.Directory.Exists(root), Is.False);
        });
    }

    [Test]
    public async Task CreateAsync_LinkInsideTree_CopiedAsItsTarget()
    {
        using var repo = new TempDirectory();
        repo.Write("shared/common.yaml", "shared");
        repo.Link("app/common.yaml", "../shared/common.yaml");

        await using var workspace = await ToolWorkspace.CreateAsync(new LocalDirectorySourceTree(repo.Path), ["app"], CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(workspace.FullPath("app/common.yaml")), Is.EqualTo("shared"));
    }

    [Test]
    public void CreateAsync_LinkLeavingTree_Refused()
    {
        using var outside = new TempDirectory();
        outside.Write("secret.txt", "secret");
        using var repo = new TempDirectory();
        repo.Link("app/secret.txt", Path.Combine(outside.Path, "secret.txt"));

        Assert.That(async () => await ToolWorkspace.CreateAsync(new LocalDirectorySourceTree(repo.Path), CancellationToken.None),
            Throws.TypeOf<RenderException>().With.Message.Contains("app/secret.txt"));
    }

    [Test]
    public async Task Relativize_TemporaryPaths_BecomeRepositoryPaths()
    {
        using var repo = new TempDirectory();
        repo.Write("app/a.yaml", "a");
        await using var workspace = await ToolWorkspace.CreateAsync(new LocalDirectorySourceTree(repo.Path), CancellationToken.None);

        var text = workspace.Relativize($"open {workspace.FullPath("app/a.yaml")}: denied");

        Assert.That(text, Is.EqualTo("open app/a.yaml: denied"));
    }
}
