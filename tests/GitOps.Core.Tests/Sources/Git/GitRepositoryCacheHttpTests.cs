using GitOps.Tests.TestSupport;
using GitOps.Sources.Git;
using GitOps.Tests.Sources.Fixtures;

namespace GitOps.Tests.Sources.Git;

/// <summary>Authentication and transport failures against git http-backend behind basic authentication.</summary>
public sealed class GitRepositoryCacheHttpTests
{
    private const string User = "deployer";
    private const string Token = "s3cr3t-t0ken-ghp_4f9Qz";
    private TempDirectory _temp = null!;
    private GitHttpServer _server = null!;
    private string _head = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _temp = new TempDirectory();
        var repository = TestRepository.Create(_temp.Sub("repos"), "private");
        _head = repository.WriteFile("secret.yaml", "kind: ConfigMap\n").Commit("one");
        _server = new GitHttpServer(_temp.Sub("repos"), User, Token);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Test]
    public async Task OpenAsync_CredentialsFromProvider_Authenticates()
    {
        using var cache = NewCache(new StaticCredentialProvider(new GitCredentials(User, Token)), out _);

        var tree = await cache.OpenAsync(_server.UrlFor("private"), "main");

        Assert.That(tree.Revision, Is.EqualTo(_head));
        Assert.That(await tree.ReadFileAsync("secret.yaml"), Is.EqualTo("kind: ConfigMap\n"u8.ToArray()));
    }

    [Test]
    public async Task OpenAsync_CredentialsInUrl_AuthenticatesAndOriginHidesThem()
    {
        using var cache = NewCache(null, out _);
        var url = _server.UrlFor("private").Replace("http://", $"http://{User}:{Token}@", StringComparison.Ordinal);

        var tree = await cache.OpenAsync(url, "main");

        Assert.That(tree.Revision, Is.EqualTo(_head));
        Assert.That(tree.Origin, Is.EqualTo(_server.UrlFor("private")));
    }

    [Test]
    public void ResolveRevisionAsync_WrongToken_FailsWithoutRevealingIt()
    {
        using var cache = NewCache(new StaticCredentialProvider(new GitCredentials(User, Token + "-wrong")), out var logger);

        var error = Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveRevisionAsync(_server.UrlFor("private"), "main"));

        Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.AuthenticationFailed));
        Assert.That(error.Message, Does.Contain(_server.UrlFor("private")).And.Contain("main"));
        AssertNoSecret(error, logger, Token);
    }

    [Test]
    public void ResolveRevisionAsync_WrongTokenInUrl_FailsWithoutRevealingIt()
    {
        using var cache = NewCache(null, out var logger);
        var url = _server.UrlFor("private").Replace("http://", $"http://{User}:{Token}-bad@", StringComparison.Ordinal);

        var error = Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveRevisionAsync(url, "main"));

        Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.AuthenticationFailed));
        AssertNoSecret(error, logger, Token);
    }

    [Test]
    public void ResolveRevisionAsync_NoCredentials_FailsAuthentication()
    {
        using var cache = NewCache(null, out _);

        var error = Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveRevisionAsync(_server.UrlFor("private"), "main"));

        Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.AuthenticationFailed));
    }

    [Test]
    public void ResolveRevisionAsync_UnknownRepository_FailsNotFoundWithoutRevealingToken()
    {
        using var cache = NewCache(new StaticCredentialProvider(new GitCredentials(User, Token)), out var logger);

        var error = Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveRevisionAsync(_server.UrlFor("missing"), "main"));

        Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.RepositoryNotFound));
        Assert.That(error.Repository, Is.EqualTo(_server.UrlFor("missing")));
        AssertNoSecret(error, logger, Token);
    }

    [Test]
    public void ResolveRevisionAsync_NothingListening_FailsWithNetwork()
    {
        using var cache = NewCache(new StaticCredentialProvider(new GitCredentials(User, Token)), out var logger);
        var url = $"http://127.0.0.1:{GitHttpServer.FreePort()}/private";

        var error = Assert.ThrowsAsync<GitSourceException>(() => cache.ResolveRevisionAsync(url, "main"));

        Assert.That(error!.Kind, Is.EqualTo(GitSourceErrorKind.Network));
        AssertNoSecret(error, logger, Token);
    }

    private GitRepositoryCache NewCache(IGitCredentialProvider? credentials, out CapturingLogger<GitRepositoryCache> logger)
    {
        logger = new CapturingLogger<GitRepositoryCache>();
        return GitRepositoryCacheTests.NewCache(_temp.Sub("cache-" + Guid.NewGuid().ToString("N")[..8]), credentials, logger);
    }

    private static void AssertNoSecret(Exception error, CapturingLogger<GitRepositoryCache> logger, string secret)
    {
        TestContext.Out.WriteLine(error.Message);
        for (var e = error; e is not null; e = e.InnerException)
        {
            Assert.That(e.Message, Does.Not.Contain(secret), $"message of {e.GetType().Name}");
            Assert.That(e.ToString(), Does.Not.Contain(secret), $"text of {e.GetType().Name}");
        }

        Assert.That(logger.Messages, Has.None.Contains(secret));
        Assert.That(logger.Messages, Has.None.Contains(Uri.EscapeDataString(secret)));
    }
}
