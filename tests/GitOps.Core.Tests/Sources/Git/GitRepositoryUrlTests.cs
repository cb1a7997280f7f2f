using GitOps.Sources.Git;

namespace GitOps.Tests.Sources.Git;

public sealed class GitRepositoryUrlTests
{
    [TestCase("https://github.com/org/repo", "https://github.com/org/repo")]
    [TestCase("HTTPS://GitHub.COM/Org/Repo.git", "https://github.com/Org/Repo")]
    [TestCase("https://github.com/org/repo.git/", "https://github.com/org/repo")]
    [TestCase("https://user:tok@github.com/org/repo", "https://github.com/org/repo")]
    [TestCase("https://github.com:443/org/repo", "https://github.com/org/repo")]
    [TestCase("http://127.0.0.1:8080/repo", "http://127.0.0.1:8080/repo")]
    [TestCase("ssh://git@example.com:2222/org/repo.git", "ssh://example.com:2222/org/repo")]
    [TestCase("git@github.com:org/repo.git", "ssh://github.com/org/repo")]
    [TestCase("file:///srv/git/repo.git", "file:///srv/git/repo")]
    public void Parse_Url_Normalizes(string input, string expected) =>
        Assert.That(GitRepositoryUrl.Parse(input).Normalized, Is.EqualTo(expected));

    [Test]
    public void Parse_CredentialsInUrl_KeptApartFromFetchUrl()
    {
        var url = GitRepositoryUrl.Parse("https://me:p%40ss@git.example.com/org/repo.git");

        Assert.Multiple(() =>
        {
            Assert.That(url.EmbeddedCredentials, Is.EqualTo(new GitCredentials("me", "p@ss")));
            Assert.That(url.FetchUrl, Is.EqualTo("https://git.example.com/org/repo.git"));
            Assert.That(url.ToString(), Does.Not.Contain("p@ss").And.Not.Contain("p%40ss"));
            Assert.That(url.EmbeddedCredentials!.ToString(), Does.Not.Contain("p@ss"));
        });
    }

    [Test]
    public void Parse_LocalPath_IsFileUrlWithLocalPath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "some-repo");
        var url = GitRepositoryUrl.Parse(folder + "/");

        Assert.That(url.LocalPath, Is.EqualTo(folder));
        Assert.That(url.Normalized, Does.StartWith("file://").And.EndWith("/some-repo"));
    }

    [Test]
    public void CacheFolderName_DiffersPerRepositoryAndIsStable()
    {
        var a = GitRepositoryUrl.Parse("https://github.com/org/a").CacheFolderName;
        var a2 = GitRepositoryUrl.Parse("https://GITHUB.com/org/a.git").CacheFolderName;
        var b = GitRepositoryUrl.Parse("https://github.com/org/b").CacheFolderName;

        Assert.That(a, Is.EqualTo(a2));
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a, Does.Match("^[a-z0-9-]+$"));
    }

    [TestCase("https://github.com/org/repo", true)]
    [TestCase("git@github.com:org/repo", true)]
    [TestCase("/srv/repo", false)]
    [TestCase("relative/dir", false)]
    [TestCase("C:/repos/x", false)]
    public void LooksLikeUrl_Text_TellsUrlsFromPaths(string text, bool expected) =>
        Assert.That(GitRepositoryUrl.LooksLikeUrl(text), Is.EqualTo(expected));
}
