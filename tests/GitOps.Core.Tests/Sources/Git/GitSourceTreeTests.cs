using GitOps.Tests.TestSupport;
using GitOps.Sources;
using GitOps.Sources.Git;
using GitOps.Tests.Sources.Fixtures;

namespace GitOps.Tests.Sources.Git;

/// <summary>Reading a commit's tree: kinds, listing order, links kept inside the tree, submodules, materializing.</summary>
public sealed class GitSourceTreeTests
{
    private static readonly string[] WebListing = ["web/common.yaml", "web/deploy.yaml", "web/passwd", "web/values.yaml"];
    private TempDirectory _temp = null!;
    private GitRepositoryCache _cache = null!;
    private TestRepository _repository = null!;
    private string _safe = null!;
    private string _escaping = null!;
    private ISourceTree _tree = null!;

    [OneTimeSetUp]
    public async Task CreateRepository()
    {
        _temp = new TempDirectory();
        _repository = TestRepository.Create(_temp.Sub("repos"), "tree");
        _repository
            .WriteFile("apps/web/deploy.yaml", "kind: Deployment\n")
            .WriteFile("apps/web/values.yaml", "replicas: 2\n")
            .WriteFile("shared/common.yaml", "kind: ConfigMap\n")
            .WriteFile("B.txt", "upper")
            .WriteFile("a.txt", "lower")
            .WriteExecutable("bin/run.sh", "#!/bin/sh\necho hi\n")
            .WriteSymlink("apps/web/common.yaml", "../../shared/common.yaml")
            .WriteSymlink("web", "apps/web")
            .WriteSymlink("loop", "loop")
            .AddGitLink("vendor/lib", new string('a', 40));
        _safe = _repository.Commit("safe links only");
        _repository
            .WriteSymlink("apps/web/passwd", "../../../etc/passwd")
            .WriteSymlink("absolute", "/etc/passwd");
        _escaping = _repository.Commit("escaping links");
        _cache = GitRepositoryCacheTests.NewCache(_temp.Sub("cache"));
        _tree = await _cache.OpenAsync(_repository.FileUrl, _escaping);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        _cache.Dispose();
        _temp.Dispose();
    }

    [Test]
    public void ListDirectory_Root_ListsKindsInOrdinalOrder()
    {
        var entries = _tree.ListDirectory("");

        Assert.That(entries.Select(e => (e.Path, e.Kind)), Is.EqualTo(new[]
        {
            ("B.txt", SourceEntryKind.File),
            ("a.txt", SourceEntryKind.File),
            ("absolute", SourceEntryKind.Symlink),
            ("apps", SourceEntryKind.Directory),
            ("bin", SourceEntryKind.Directory),
            ("loop", SourceEntryKind.Symlink),
            ("shared", SourceEntryKind.Directory),
            ("vendor", SourceEntryKind.Directory),
            ("web", SourceEntryKind.Symlink),
        }));
    }

    [Test]
    public void ListDirectory_ThroughDirectoryLink_ListsTargetUnderRequestedPath()
    {
        var entries = _tree.ListDirectory("web");

        Assert.That(entries.Select(e => e.Path), Is.EqualTo(WebListing));
    }

    [Test]
    public void GetEntry_VariousPaths_DescribesThem()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_tree.GetEntry(""), Is.EqualTo(new SourceEntry("", SourceEntryKind.Directory, 0)));
            Assert.That(
                _tree.GetEntry("apps/web/values.yaml"),
                Is.EqualTo(new SourceEntry("apps/web/values.yaml", SourceEntryKind.File, 12) { ContentId = _tree.GetContentId("apps/web/values.yaml") }));
            Assert.That(_tree.GetEntry("apps/web/values.yaml")!.ContentId, Has.Length.EqualTo(40), "the blob id");
            Assert.That(_tree.GetEntry("apps/web/common.yaml")!.Kind, Is.EqualTo(SourceEntryKind.Symlink));
            Assert.That(_tree.GetEntry("web/values.yaml")!.Kind, Is.EqualTo(SourceEntryKind.File), "through a directory link");
            Assert.That(_tree.GetEntry("vendor/lib")!.Kind, Is.EqualTo(SourceEntryKind.Submodule));
            Assert.That(_tree.GetEntry("apps/missing.yaml"), Is.Null);
            Assert.That(_tree.GetEntry("nowhere/missing.yaml"), Is.Null);
        });
    }

    [Test]
    public async Task ReadFileAsync_ThroughLinksInsideTree_ReadsTarget()
    {
        Assert.That(await _tree.ReadFileAsync("apps/web/common.yaml"), Is.EqualTo("kind: ConfigMap\n"u8.ToArray()));
        Assert.That(await _tree.ReadFileAsync("web/common.yaml"), Is.EqualTo("kind: ConfigMap\n"u8.ToArray()));
        Assert.That(await _tree.ReadFileAsync("./apps//web/../web/deploy.yaml"), Is.EqualTo("kind: Deployment\n"u8.ToArray()));
    }

    [TestCase("apps/web/passwd")]
    [TestCase("web/passwd")]
    [TestCase("absolute")]
    [TestCase("loop")]
    [TestCase("../outside.yaml")]
    [TestCase("/etc/passwd")]
    public void ReadFileAsync_EscapingOrLoopingPath_IsRejected(string path) =>
        Assert.ThrowsAsync<SourcePathException>(async () => await _tree.ReadFileAsync(path));

    [TestCase("vendor/lib", "submodule")]
    [TestCase("apps", "directory")]
    [TestCase("apps/none.yaml", "does not exist")]
    [TestCase("a.txt/child", "not a directory")]
    public void ReadFileAsync_NotAFile_ThrowsNamingThePath(string path, string reason)
    {
        var error = Assert.ThrowsAsync<SourcePathException>(async () => await _tree.ReadFileAsync(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain(reason));
    }

    [Test]
    public void ListDirectory_File_Throws() =>
        Assert.That(() => _tree.ListDirectory("a.txt"), Throws.TypeOf<SourcePathException>().With.Message.Contains("a.txt"));

    [Test]
    public async Task MaterializeAsync_SafeLinks_RecreatesFilesLinksAndModes()
    {
        string folder;
        await using (var materialized = await _cache.MaterializeAsync(_repository.FileUrl, _safe))
        {
            folder = materialized.Path;
            var link = new FileInfo(Path.Combine(folder, "apps", "web", "common.yaml"));
            Assert.Multiple(() =>
            {
                Assert.That(File.ReadAllText(Path.Combine(folder, "apps", "web", "deploy.yaml")), Is.EqualTo("kind: Deployment\n"));
                Assert.That(link.LinkTarget, Is.Not.Null);
                Assert.That(File.ReadAllText(link.FullName), Is.EqualTo("kind: ConfigMap\n"));
                Assert.That(File.ReadAllText(Path.Combine(folder, "web", "values.yaml")), Is.EqualTo("replicas: 2\n"));
                Assert.That(Directory.Exists(Path.Combine(folder, "vendor", "lib")), Is.True, "submodule as an empty folder");
                if (!OperatingSystem.IsWindows())
                {
                    Assert.That(File.GetUnixFileMode(Path.Combine(folder, "bin", "run.sh")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
                    Assert.That(File.GetUnixFileMode(Path.Combine(folder, "a.txt")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.None));
                }
            });
        }

        Assert.That(Directory.Exists(folder), Is.False);
    }

    [Test]
    public void MaterializeAsync_LinkLeavingTree_FailsAndLeavesNothing()
    {
        var materialized = Path.Combine(_temp.Sub("cache"), "materialized");
        var before = Directory.Exists(materialized) ? Directory.GetDirectories(materialized).Length : 0;

        var error = Assert.ThrowsAsync<SourcePathException>(() => _cache.MaterializeAsync(_repository.FileUrl, _escaping));

        Assert.That(error!.Message, Does.Contain("apps/web/passwd").Or.Contain("absolute"));
        Assert.That(Directory.Exists(materialized) ? Directory.GetDirectories(materialized).Length : 0, Is.EqualTo(before));
    }
}
