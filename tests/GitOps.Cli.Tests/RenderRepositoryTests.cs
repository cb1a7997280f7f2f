using GitOps.Tests.Sources.Fixtures;
using GitOps.Tests.TestSupport;

namespace GitOps.Cli.Tests;

public sealed class RenderRepositoryTests
{
    private static (TempDirectory Dir, TestRepository Repo, string First) Repository()
    {
        var dir = new TempDirectory();
        var repo = TestRepository.Create(dir.Path, "repo");
        repo.WriteFile("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {colour: red}\n");
        var first = repo.Commit("red");
        repo.Tag("v1");
        repo.WriteFile("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {colour: blue}\n");
        repo.Commit("blue");
        return (dir, repo, first);
    }

    [Test]
    public async Task Render_RepoAtTag_RendersThatCommit()
    {
        var (dir, repo, first) = Repository();
        using var _ = dir;

        var (code, output, error) = await CliRun.RunAsync("render", "--repo", repo.FileUrl, "--revision", "v1", "--path", "app");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("colour: red").And.Not.Contain("blue"));
            Assert.That(error, Does.Contain(first), "progress names the resolved commit");
        });
    }

    [TestCase(false, "colour: blue", TestName = "Render_RepoWithoutRevision_RendersHead")]
    [TestCase(true, "colour: red", TestName = "Render_LocalFolderWithRevision_ReadsTheRepositoryAtIt")]
    public async Task Render_RepositoryVariants_RenderExpectedCommit(bool localWithRevision, string expected)
    {
        var (dir, repo, _) = Repository();
        using var __ = dir;

        var (code, output, error) = localWithRevision
            ? await CliRun.RunAsync("render", repo.Path, "--revision", "v1", "--path", "app")
            : await CliRun.RunAsync("render", "--repo", repo.FileUrl, "--path", "app");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain(expected));
        });
    }

    [Test]
    public async Task Render_UnknownRevision_OneLineErrorExitOne()
    {
        var (dir, repo, _) = Repository();
        using var __ = dir;

        var (code, output, error) = await CliRun.RunAsync("render", "--repo", repo.FileUrl, "--revision", "no-such-branch", "--path", "app");

        var errorLines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Is.Empty);
            Assert.That(errorLines, Has.Count.EqualTo(1));
            Assert.That(errorLines[0], Does.Contain("no-such-branch"));
            Assert.That(error, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Render_MissingRepository_ExitOneNamingIt()
    {
        using var dir = new TempDirectory();
        var missing = new Uri(Path.Combine(dir.Path, "nowhere")).AbsoluteUri;

        var (code, _, error) = await CliRun.RunAsync("render", "--repo", missing);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("nowhere"));
        });
    }

    [TestCase("render", ".", "--repo", "file:///x")]
    [TestCase("render", "--revision", "main")]
    public async Task Render_SourceAndRepoTogetherOrNeither_UsageError(params string[] args)
    {
        var (code, _, error) = await CliRun.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("SOURCE").And.Contain("--repo"));
        });
    }
}
