using System.Text;
using GitOps.Sources;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Sources;

public sealed class LocalDirectorySourceTreeTests
{
    [Test]
    public void ListDirectory_MixedEntries_SortedOrdinallyWithKinds()
    {
        using var dir = new TempDirectory();
        dir.Write("app/b.yaml", "b");
        dir.Write("app/A.yaml", "a");
        dir.Write("app/sub/c.yaml", "c");
        dir.Link("app/link.yaml", "b.yaml");
        var tree = new LocalDirectorySourceTree(dir.Path);

        var entries = tree.ListDirectory("app");

        Assert.That(entries.Select(e => (e.Path, e.Kind)), Is.EqualTo(new[]
        {
            ("app/A.yaml", SourceEntryKind.File),
            ("app/b.yaml", SourceEntryKind.File),
            ("app/link.yaml", SourceEntryKind.Symlink),
            ("app/sub", SourceEntryKind.Directory),
        }));
        Assert.That(tree.Revision, Is.Null);
    }

    [Test]
    public async Task ReadFileAsync_LinkInsideTree_FollowsIt()
    {
        using var dir = new TempDirectory();
        dir.Write("shared/values.yaml", "x: 1");
        dir.Link("app/values.yaml", "../shared/values.yaml");
        var tree = new LocalDirectorySourceTree(dir.Path);

        var bytes = await tree.ReadFileAsync("app/values.yaml");

        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("x: 1"));
    }

    [Test]
    public void ReadFileAsync_LinkOutsideTree_ThrowsOutsideRoot()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("secret.txt", "token");
        using var dir = new TempDirectory();
        dir.Link("app/values.yaml", "../../" + Path.GetFileName(outside.Path) + "/secret.txt");
        dir.Link("app/absolute.yaml", secret);
        var tree = new LocalDirectorySourceTree(dir.Path);

        Assert.Multiple(() =>
        {
            Assert.That(async () => await tree.ReadFileAsync("app/values.yaml"),
                Throws.TypeOf<SourcePathException>().With.Property(nameof(SourcePathException.Error)).EqualTo(SourcePathError.OutsideRoot));
            Assert.That(async () => await tree.ReadFileAsync("app/absolute.yaml"),
                Throws.TypeOf<SourcePathException>().With.Property(nameof(SourcePathException.Error)).EqualTo(SourcePathError.OutsideRoot));
        });
    }

    [Test]
    public void ReadFileAsync_LinkedDirectoryInPath_IsCheckedToo()
    {
        using var dir = new TempDirectory();
        dir.Link("app/root", "..");
        dir.Link("app/up", "../..");
        dir.Write("app/x.yaml", "x");
        var tree = new LocalDirectorySourceTree(dir.Path);

        Assert.That(async () => await tree.ReadFileAsync("app/root/app/x.yaml"), Is.EqualTo("x"u8.ToArray()));
        Assert.That(async () => await tree.ReadFileAsync("app/up/x.yaml"),
            Throws.TypeOf<SourcePathException>().With.Property(nameof(SourcePathException.Error)).EqualTo(SourcePathError.OutsideRoot));
    }

    [Test]
    public void ReadFileAsync_LinkLoop_ThrowsTooManyLinks()
    {
        using var dir = new TempDirectory();
        dir.Link("a.yaml", "b.yaml");
        dir.Link("b.yaml", "a.yaml");
        var tree = new LocalDirectorySourceTree(dir.Path);

        Assert.That(async () => await tree.ReadFileAsync("a.yaml"),
            Throws.TypeOf<SourcePathException>().With.Property(nameof(SourcePathException.Error)).EqualTo(SourcePathError.TooManyLinks));
    }

    [Test]
    public void GetEntry_MissingAndEscaping_NullOrThrows()
    {
        using var dir = new TempDirectory();
        var tree = new LocalDirectorySourceTree(dir.Path);

        Assert.Multiple(() =>
        {
            Assert.That(tree.GetEntry("missing/file.yaml"), Is.Null);
            Assert.That(tree.GetEntry(".")!.Kind, Is.EqualTo(SourceEntryKind.Directory));
            Assert.That(() => tree.GetEntry("../x"), Throws.TypeOf<SourcePathException>());
        });
    }

    [Test]
    public void ReadFileAsync_Directory_ThrowsNotAFile()
    {
        using var dir = new TempDirectory();
        dir.Write("app/a.yaml", "a");
        var tree = new LocalDirectorySourceTree(dir.Path);

        Assert.That(async () => await tree.ReadFileAsync("app"),
            Throws.TypeOf<SourcePathException>().With.Property(nameof(SourcePathException.Error)).EqualTo(SourcePathError.NotAFile));
    }
}
