using GitOps.Tests.TestSupport;
using System.Text;
using GitOps.Sources;
using GitOps.Sources.Git;
using GitOps.Tests.Sources.Fixtures;
using Microsoft.Extensions.Options;

namespace GitOps.Tests.Sources.Git;

/// <summary>The in-memory cache of blob contents shared by revisions, and the content ids trees give.</summary>
public sealed class GitBlobCacheTests
{
    private const int Revisions = 8;
    private readonly List<string> _revisions = [];
    private TempDirectory _temp = null!;
    private TestRepository _repository = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        _temp = new TempDirectory();
        _repository = TestRepository.Create(_temp.Sub("repos"), "blobs");
        for (var revision = 0; revision < Revisions; revision++)
        {
            _repository
                .WriteFile("shared.yaml", "kind: ConfigMap\n")
                .WriteFile("changing.yaml", $"revision: {revision}\n");
            if (revision == 0)
            {
                _repository.WriteSymlink("link.yaml", "changing.yaml");
            }

            _revisions.Add(_repository.Commit($"revision {revision}"));
        }
    }

    [OneTimeTearDown]
    public void Cleanup() => _temp.Dispose();

    private GitRepositoryCache NewCache(long blobCacheBytes = 64 * 1024) =>
        new(Options.Create(new GitSourceOptions { CacheDirectory = _temp.Sub("cache-" + Guid.NewGuid().ToString("N")[..8]), BlobCacheBytes = blobCacheBytes }));

    private static async Task<string> ReadAsync(ISourceTree tree, string path) => Encoding.UTF8.GetString(await tree.ReadFileAsync(path));

    [Test]
    public async Task ReadFileAsync_SamePathChangedBetweenRevisions_EachRevisionReadsItsOwnContent()
    {
        using var cache = NewCache();
        var first = await cache.OpenAsync(_repository.FileUrl, _revisions[0]);
        var second = await cache.OpenAsync(_repository.FileUrl, _revisions[1]);

        // Interleaved and repeated, so the second read of each comes from the cache.
        var reads = new[] { await ReadAsync(first, "changing.yaml"), await ReadAsync(second, "changing.yaml"), await ReadAsync(first, "changing.yaml"), await ReadAsync(second, "link.yaml") };

        Assert.Multiple(() =>
        {
            Assert.That(reads, Is.EqualTo(new[] { "revision: 0\n", "revision: 1\n", "revision: 0\n", "revision: 1\n" }));
            Assert.That(cache.Blobs.Hits, Is.Positive);
        });
    }

    [Test]
    public async Task ReadFileAsync_FileUnchangedInNextRevision_IsServedFromCache()
    {
        using var cache = NewCache();
        var first = await cache.OpenAsync(_repository.FileUrl, _revisions[0]);
        var second = await cache.OpenAsync(_repository.FileUrl, _revisions[1]);
        await first.ReadFileAsync("shared.yaml");
        var hits = cache.Blobs.Hits;

        var content = await ReadAsync(second, "shared.yaml");

        Assert.Multiple(() =>
        {
            Assert.That(content, Is.EqualTo("kind: ConfigMap\n"));
            Assert.That(cache.Blobs.Hits, Is.EqualTo(hits + 1));
        });
    }

    [Test]
    public async Task ReadFileAsync_CallerChangesReturnedBytes_LaterReadsAreUnchanged()
    {
        using var cache = NewCache();
        var tree = await cache.OpenAsync(_repository.FileUrl, _revisions[0]);

        var bytes = await tree.ReadFileAsync("shared.yaml");
        bytes.AsSpan().Fill((byte)'x');
        var again = await tree.ReadFileAsync("shared.yaml");
        again[0] = (byte)'y';

        Assert.That(await ReadAsync(tree, "shared.yaml"), Is.EqualTo("kind: ConfigMap\n"));
    }

    [Test]
    public async Task ReadFileAsync_BudgetSmallerThanBlobs_EvictsAndStillReadsCorrectly()
    {
        // "revision: N\n" is 12 bytes and "kind: ConfigMap\n" 16: a 20-byte budget holds one of them at a time.
        using var cache = NewCache(blobCacheBytes: 20);
        var trees = new List<ISourceTree>();
        foreach (var revision in _revisions)
        {
            trees.Add(await cache.OpenAsync(_repository.FileUrl, revision));
        }

        foreach (var (tree, index) in trees.Select((t, i) => (t, i)))
        {
            Assert.That(await ReadAsync(tree, "changing.yaml"), Is.EqualTo($"revision: {index}\n"));
            Assert.That(await ReadAsync(tree, "shared.yaml"), Is.EqualTo("kind: ConfigMap\n"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(cache.Blobs.Bytes, Is.LessThanOrEqualTo(20));
            Assert.That(cache.Blobs.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ReadFileAsync_CacheOff_KeepsNothingAndReadsCorrectly()
    {
        using var cache = NewCache(blobCacheBytes: 0);
        var tree = await cache.OpenAsync(_repository.FileUrl, _revisions[2]);

        Assert.Multiple(async () =>
        {
            Assert.That(await ReadAsync(tree, "changing.yaml"), Is.EqualTo("revision: 2\n"));
            Assert.That(await ReadAsync(tree, "changing.yaml"), Is.EqualTo("revision: 2\n"));
            Assert.That(cache.Blobs.Count, Is.Zero);
        });
    }

    [Test]
    public async Task ReadFileAsync_EightRevisionsConcurrently_EachGetsItsOwnContent()
    {
        using var cache = NewCache();
        var trees = new List<ISourceTree>();
        foreach (var revision in _revisions)
        {
            trees.Add(await cache.OpenAsync(_repository.FileUrl, revision));
        }

        var results = await Task.WhenAll(trees.Select((tree, index) => Task.Run(async () =>
        {
            var wrong = 0;
            for (var i = 0; i < 200; i++)
            {
                wrong += await ReadAsync(tree, "changing.yaml") == $"revision: {index}\n" ? 0 : 1;
                wrong += await ReadAsync(tree, "shared.yaml") == "kind: ConfigMap\n" ? 0 : 1;
            }

            return wrong;
        })));

        Assert.That(results, Is.All.Zero);
    }

    [Test]
    public async Task GetContentId_UnchangedAndChangedFiles_SameIdOnlyForSameContent()
    {
        using var cache = NewCache();
        var first = await cache.OpenAsync(_repository.FileUrl, _revisions[0]);
        var second = await cache.OpenAsync(_repository.FileUrl, _revisions[1]);

        Assert.Multiple(() =>
        {
            Assert.That(first.GetContentId("shared.yaml"), Is.EqualTo(second.GetContentId("shared.yaml")).And.Length.EqualTo(40));
            Assert.That(first.GetContentId("changing.yaml"), Is.Not.EqualTo(second.GetContentId("changing.yaml")));
            Assert.That(second.GetContentId("link.yaml"), Is.EqualTo(second.GetContentId("changing.yaml")), "links are followed");
        });
    }

    [Test]
    public async Task ListDirectory_Files_CarryTheContentIdOfTheirPath()
    {
        using var cache = NewCache();
        var tree = await cache.OpenAsync(_repository.FileUrl, _revisions[1]);
        var entries = tree.ListDirectory("");

        Assert.Multiple(() =>
        {
            foreach (var entry in entries)
            {
                Assert.That(
                    entry.ContentId,
                    entry.Kind == SourceEntryKind.File ? Is.EqualTo(tree.GetContentId(entry.Path)).And.Not.Null : Is.Null,
                    $"{entry.Path} ({entry.Kind}): links and folders leave it to GetContentId");
            }
        });
        Assert.That(entries.Select(e => e.Kind), Does.Contain(SourceEntryKind.File).And.Contain(SourceEntryKind.Symlink));
    }

    [Test]
    public async Task GetContentId_NotAReadableFile_IsNull()
    {
        using var cache = NewCache();
        var tree = await cache.OpenAsync(_repository.FileUrl, _revisions[0]);

        Assert.Multiple(() =>
        {
            Assert.That(tree.GetContentId("missing.yaml"), Is.Null);
            Assert.That(tree.GetContentId(""), Is.Null, "the root is a directory");
            Assert.That(tree.GetContentId("../outside.yaml"), Is.Null);
        });
    }

    [Test]
    public void Constructor_NegativeBlobCacheBytes_FailsNamingTheOption()
    {
        var options = Options.Create(new GitSourceOptions { CacheDirectory = _temp.Sub("never"), BlobCacheBytes = -1 });

        Assert.That(() => new GitRepositoryCache(options), Throws.InstanceOf<OptionsValidationException>().With.Message.Contains("BlobCacheBytes"));
    }
}
