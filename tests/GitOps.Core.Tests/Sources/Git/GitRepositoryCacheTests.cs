using GitOps.Tests.TestSupport;
using GitOps.Sources;
using GitOps.Sources.Git;
using GitOps.Tests.Sources.Fixtures;
using Microsoft.Extensions.Options;

namespace GitOps.Tests.Sources.Git;

/// <summary>Revision resolution and reading against real repositories, over file:// URLs, local paths and HTTP.</summary>
public sealed class GitRepositoryCacheTests
{
    private TempDirectory _temp = null!;
    private GitHttpServer _server = null!;
    private TestRepository _app = null!;
    private GitRepositoryCache _cache = null!;
    private string _c1 = null!;
    private string _c2 = null!;
    private string _c3 = null!;
    private string _c4 = null!;
    private string _c5 = null!;
    private string _feature = null!;

    [OneTimeSetUp]
    public void CreateRepositories()
    {
        _temp = new TempDirectory();
        var root = _temp.Sub("repos");
        _app = TestRepository.Create(root, "app");
        _c1 = _app.WriteFile("app/deploy.yaml", "version: 1\n").Commit("one");
        _app.Tag("v1.0.0");
        _c2 = _app.WriteFile("app/deploy.yaml", "version: 2\n").Commit("two");
        _app.Tag("v1.2.0", annotation: "release 1.2.0");
        _feature = _app.CreateBranch("feature").WriteFile("feature.txt", "f").Commit("feature work");
        _app.Checkout("main");
        _c3 = _app.WriteFile("app/deploy.yaml", "version: 3\n").Commit("three");
        _app.Tag("v1.3.0-rc.1", annotation: "release candidate");
        _c4 = _app.WriteFile("app/deploy.yaml", "version: 4\n").Commit("four");
        _app.Tag("v1.4.2");
        _c5 = _app.WriteFile("app/deploy.yaml", "version: 5\n").Commit("five");
        _app.Tag("2.0.0", annotation: "major");
        _app.Tag("not-a-version");
        _server = new GitHttpServer(root);
        _cache = NewCache(_temp.Sub("cache"));
    }

    [OneTimeTearDown]
    public async Task Cleanup()
    {
        _cache.Dispose();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    internal static GitRepositoryCache NewCache(string directory, IGitCredentialProvider? credentials = null, CapturingLogger<GitRepositoryCache>? logger = null) =>
        new(Options.Create(new GitSourceOptions { CacheDirectory = directory }), credentials, logger);

    private string Url(string transport) => transport switch
    {
        "http" => _server.UrlFor("app"),
        "file" => _app.FileUrl,
        _ => _app.Path,
    };

    [TestCase("http")]
    [TestCase("file")]
    [TestCase("path")]
    public async Task ResolveRevisionAsync_EachRevisionForm_ResolvesToTheCommit(string transport)
    {
        var url = Url(transport);
        Assert.Multiple(async () =>
        {
            Assert.That(await _cache.ResolveRevisionAsync(url, "main"), Is.EqualTo(_c5), "branch");
            Assert.That(await _cache.ResolveRevisionAsync(url, "feature"), Is.EqualTo(_feature), "other branch");
            Assert.That(await _cache.ResolveRevisionAsync(url, "refs/heads/feature"), Is.EqualTo(_feature), "full ref name");
            Assert.That(await _cache.ResolveRevisionAsync(url, "v1.0.0"), Is.EqualTo(_c1), "lightweight tag");
            Assert.That(await _cache.ResolveRevisionAsync(url, "v1.2.0"), Is.EqualTo(_c2), "annotated tag, peeled");
            Assert.That(await _cache.ResolveRevisionAsync(url, _c3), Is.EqualTo(_c3), "full SHA");
            Assert.That(await _cache.ResolveRevisionAsync(url, _c3[..7]), Is.EqualTo(_c3), "short SHA");
            Assert.That(await _cache.ResolveRevisionAsync(url, "HEAD"), Is.EqualTo(_c5), "HEAD");
            Assert.That(await _cache.ResolveRevisionAsync(url, null), Is.EqualTo(_c5), "null is HEAD");
            Assert.That(await _cache.ResolveRevisionAsync(url, " "), Is.EqualTo(_c5), "blank is HEAD");
        });
    }

    [TestCase("1.2.*", "c2")]
    [TestCase(">=1.0.0 <2.0.0", "c4")]
    [TestCase(">=1.0.0, <2.0.0", "c4")]
    [TestCase("^1.4", "c4")]
    [TestCase("^1.3", "c4")]
    [TestCase("~1.2", "c2")]
    [TestCase("1.x", "c4")]
    [TestCase("v1.0.x", "c1")]
    [TestCase("*", "c5")]
    [TestCase(">=1.3.0-0 <1.4.0", "c3")]
    [TestCase("<1.2.0 || >=2", "c5")]
    [TestCase("1.0 - 1.3", "c2")]
    public async Task ResolveRevisionAsync_SemverRange_PicksHighestMatchingTag(string range, string expected)
    {
        var commits = new Dictionary<string, string> { ["c1"] = _c1, ["c2"] = _c2, ["c3"] = _c3, ["c4"] = _c4, ["c5"] = _c5 };
        Assert.That(await _cache.ResolveRevisionAsync(_app.FileUrl, range), Is.EqualTo(commits[expected]));
    }

    [TestCase("no-such-branch")]
    [TestCase("~1.3")]
    [TestCase("^9")]
    [TestCase("0000000000000000000000000000000000000000")]
    [TestCase("abcdef0")]
    public void ResolveRevisionAsync_UnknownRevision_ThrowsNamingRepositoryAndRevision(string revision)
    {
        var error = Assert.ThrowsAsync<GitSourceException>(() => _cache.ResolveRevisionAsync(_server.UrlFor("app"), revision));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.UnknownRevision));
            Assert.That(error.Revision, Is.EqualTo(revision));
            Assert.That(error.Message, Does.Contain(_server.UrlFor("app")).And.Contain(revision));
        });
    }

    [Test]
    public async Task ResolveRevisionAsync_FullShaAlreadyCached_MakesNoRequest()
    {
        await _cache.ResolveRevisionAsync(_server.UrlFor("app"), "main");
        var before = _server.RequestCount;

        var sha = await _cache.ResolveRevisionAsync(_server.UrlFor("app"), _c4);

        Assert.That(sha, Is.EqualTo(_c4));
        Assert.That(_server.RequestCount, Is.EqualTo(before));
    }

    [Test]
    public async Task ResolveRevisionAsync_UrlVariants_ShareOneCachedRepository()
    {
        using var temp = new TempDirectory();
        using var cache = NewCache(temp.Path);
        await cache.ResolveRevisionAsync(_server.UrlFor("app"), "main");
        await cache.ResolveRevisionAsync(_server.UrlFor("app") + ".git/", "main");
        await cache.ResolveRevisionAsync(_server.UrlFor("app").Replace("http://", "HTTP://", StringComparison.Ordinal), "main");

        Assert.That(Directory.GetDirectories(Path.Combine(temp.Path, "repositories")), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task OpenAsync_Revision_ReadsFilesOfThatCommit()
    {
        var tree = await _cache.OpenAsync(_server.UrlFor("app"), "v1.2.0");

        Assert.Multiple(async () =>
        {
            Assert.That(tree.Revision, Is.EqualTo(_c2));
            Assert.That(tree.Origin, Is.EqualTo(_server.UrlFor("app")));
            Assert.That(await tree.ReadFileAsync("app/deploy.yaml"), Is.EqualTo("version: 2\n"u8.ToArray()));
            Assert.That(tree.GetEntry("feature.txt"), Is.Null);
        });
    }

    [Test]
    public async Task ResolveRevisionAsync_NewCommitPushed_FetchesIncrementally()
    {
        using var temp = new TempDirectory();
        var repository = TestRepository.Create(_server.ProjectRoot, "moving-" + Guid.NewGuid().ToString("N")[..6]);
        var first = repository.WriteFile("a.txt", "1").Commit("first");
        using var cache = NewCache(temp.Path);
        var url = _server.UrlFor(repository.Name);
        var oldTree = await cache.OpenAsync(url, "main");

        var second = repository.WriteFile("a.txt", "2").Commit("second");
        repository.Tag("v0.2.0");
        var newTree = await cache.OpenAsync(url, "main");

        Assert.Multiple(async () =>
        {
            Assert.That(oldTree.Revision, Is.EqualTo(first));
            Assert.That(newTree.Revision, Is.EqualTo(second));
            Assert.That(await oldTree.ReadFileAsync("a.txt"), Is.EqualTo("1"u8.ToArray()), "the old revision stays readable");
            Assert.That(await newTree.ReadFileAsync("a.txt"), Is.EqualTo("2"u8.ToArray()));
            Assert.That(await cache.ResolveRevisionAsync(url, "0.x"), Is.EqualTo(second), "new tags are seen");
        });
    }

    [Test]
    public async Task OpenAsync_DifferentRevisionsConcurrently_EachReadsItsOwnFiles()
    {
        var revisions = new[] { _c1, _c2, _c3, _c4, _c5, "v1.0.0", "v1.2.0", "feature" };
        var expected = new[] { "1", "2", "3", "4", "5", "1", "2", "2" };

        var results = await Task.WhenAll(revisions.Select(revision => Task.Run(async () =>
        {
            var tree = await _cache.OpenAsync(_app.FileUrl, revision);
            var texts = new List<string>();
            for (var i = 0; i < 50; i++)
            {
                texts.Add(System.Text.Encoding.UTF8.GetString(await tree.ReadFileAsync("app/deploy.yaml")));
            }

            return texts.Distinct().Single();
        })));

        Assert.That(results, Is.EqualTo(expected.Select(v => $"version: {v}\n")));
    }

    [Test]
    public async Task ResolveRevisionAsync_CacheFilesGarbled_ClonesAgain()
    {
        using var temp = new TempDirectory();
        var logger = new CapturingLogger<GitRepositoryCache>();
        var url = _server.UrlFor("app");
        using (var first = NewCache(temp.Path))
        {
            await first.ResolveRevisionAsync(url, "main");
        }

        var cached = Directory.GetDirectories(Path.Combine(temp.Path, "repositories")).Single();
        File.WriteAllText(Path.Combine(cached, "HEAD"), "garbage");
        File.WriteAllText(Path.Combine(cached, "config"), "[[[ not a config");
        using var cache = NewCache(temp.Path, logger: logger);

        Assert.That(await cache.ResolveRevisionAsync(url, "v1.2.0"), Is.EqualTo(_c2));
        Assert.That(logger.Messages, Has.Some.Contains("cloning again"));
    }

    [Test]
    public async Task ResolveRevisionAsync_CachedObjectsLost_ClonesAgain()
    {
        using var temp = new TempDirectory();
        var logger = new CapturingLogger<GitRepositoryCache>();
        var url = _server.UrlFor("app");
        using (var first = NewCache(temp.Path))
        {
            await first.ResolveRevisionAsync(url, "main");
        }

        // The references survive but the objects they name are gone, as after a crash mid-write.
        var objects = Path.Combine(Directory.GetDirectories(Path.Combine(temp.Path, "repositories")).Single(), "objects");
        foreach (var folder in Directory.GetDirectories(objects).Where(d => Path.GetFileName(d) is not ("info" or "pack")))
        {
            Directory.Delete(folder, recursive: true);
        }

        foreach (var pack in Directory.GetFiles(Path.Combine(objects, "pack")))
        {
            File.Delete(pack);
        }

        using var cache = NewCache(temp.Path, logger: logger);
        var tree = await cache.OpenAsync(url, "main");

        Assert.That(await tree.ReadFileAsync("app/deploy.yaml"), Is.EqualTo("version: 5\n"u8.ToArray()));
        Assert.That(logger.Messages, Has.Some.Contains("cloning again"));
    }

    [Test]
    public async Task ResolveRevisionAsync_CanceledDuringFetch_ThrowsAndKeepsTheCache()
    {
        using var temp = new TempDirectory();
        var logger = new CapturingLogger<GitRepositoryCache>();
        using var cache = NewCache(temp.Path, logger: logger);
        var url = _server.UrlFor("app");
        await cache.ResolveRevisionAsync(url, "v1.0.0");
        var repository = TestRepository.Create(_server.ProjectRoot, "slow-" + Guid.NewGuid().ToString("N")[..6]);
        repository.WriteFile("a.txt", "a").Commit("one");
        using var canceled = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        _server.PackDelay = TimeSpan.FromMilliseconds(800);
        try
        {
            Assert.That(
                async () => await cache.ResolveRevisionAsync(_server.UrlFor(repository.Name), "main", canceled.Token),
                Throws.InstanceOf<OperationCanceledException>());
        }
        finally
        {
            _server.PackDelay = TimeSpan.Zero;
        }

        Assert.That(await cache.ResolveRevisionAsync(_server.UrlFor(repository.Name), "main"), Is.EqualTo(repository.Head()));
        Assert.That(logger.Messages, Has.None.Contains("cloning again"));
    }

    [Test]
    public async Task MaterializeAsync_Revision_WritesFilesAndDeletesThemOnDispose()
    {
        string folder;
        await using (var materialized = await _cache.MaterializeAsync(_server.UrlFor("app"), "v1.0.0"))
        {
            folder = materialized.Path;
            Assert.Multiple(() =>
            {
                Assert.That(materialized.Revision, Is.EqualTo(_c1));
                Assert.That(File.ReadAllText(Path.Combine(folder, "app", "deploy.yaml")), Is.EqualTo("version: 1\n"));
                Assert.That(Directory.Exists(Path.Combine(folder, ".git")), Is.False);
            });
        }

        Assert.That(Directory.Exists(folder), Is.False);
    }

    [Test]
    public void ResolveRevisionAsync_MissingLocalRepository_ThrowsRepositoryNotFound()
    {
        var error = Assert.ThrowsAsync<GitSourceException>(() => _cache.ResolveRevisionAsync(_temp.Sub("nothing-here"), "main"));

        Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.RepositoryNotFound));
    }

    [Test]
    public async Task OpenAsync_ThroughSourceResolver_GitAndDirectoryLookTheSame()
    {
        var resolver = new SourceResolver(_cache);

        var git = await resolver.OpenAsync(new SourceReference(_server.UrlFor("app"), "v1.0.0"));
        var localGit = await resolver.OpenAsync(new SourceReference(_app.Path, "v1.0.0"));
        var directory = await resolver.OpenAsync(new SourceReference(_app.Path));

        Assert.Multiple(async () =>
        {
            Assert.That(git.Revision, Is.EqualTo(_c1));
            Assert.That(localGit.Revision, Is.EqualTo(_c1));
            Assert.That(directory, Is.TypeOf<LocalDirectorySourceTree>());
            Assert.That(directory.Revision, Is.Null);
            Assert.That(await directory.ReadFileAsync("app/deploy.yaml"), Is.EqualTo("version: 5\n"u8.ToArray()));
            Assert.That(await git.ReadFileAsync("app/deploy.yaml"), Is.EqualTo("version: 1\n"u8.ToArray()));
        });
    }
}
