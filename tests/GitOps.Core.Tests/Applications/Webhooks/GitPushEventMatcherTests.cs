using GitOps.Applications;
using GitOps.Applications.Webhooks;

namespace GitOps.Tests.Applications.Webhooks;

public sealed class GitPushEventMatcherTests
{
    private static GitPushEvent Push(string gitRef = "refs/heads/main", string[]? files = null, string? defaultBranch = "main", params string[] urls) => new()
    {
        Provider = GitWebhookProvider.GitHub,
        RepositoryUrls = urls.Length > 0 ? urls : ["https://github.com/example/apps", "git@github.com:example/apps.git"],
        Ref = gitRef,
        DefaultBranch = defaultBranch,
        ChangedFiles = files ?? [],
        ChangedFilesKnown = files is not null,
    };

    private static Application App(string name, string repo = "https://github.com/example/apps.git", string revision = "main", string path = "apps/web", string? paths = null, string? chart = null) => new()
    {
        Metadata = new ApplicationMetadata
        {
            Name = name,
            Annotations = paths is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [GitPushEventMatcher.ManifestGeneratePathsAnnotation] = paths },
        },
        Spec = new ApplicationSpec { Source = new ApplicationSource { RepoUrl = repo, TargetRevision = revision, Path = path, Chart = chart } },
    };

    [TestCase("https://github.com/example/apps.git")]
    [TestCase("https://github.com/example/apps")]
    [TestCase("https://GitHub.com/Example/Apps/")]
    [TestCase("git@github.com:example/apps.git")]
    [TestCase("ssh://git@github.com:22/example/apps.git")]
    [TestCase("https://user@github.com/example/apps.git")]
    public void Match_RepositoryUrlForms_AllMatch(string repo)
    {
        Assert.That(GitPushEventMatcher.Match(Push(), [App("a", repo)]), Has.Count.EqualTo(1));
    }

    [TestCase("https://github.com/example/other.git")]
    [TestCase("https://gitlab.com/example/apps.git")]
    [TestCase("https://github.com/example/apps-extra")]
    public void Match_OtherRepositories_DoNotMatch(string repo)
    {
        Assert.That(GitPushEventMatcher.Match(Push(), [App("a", repo)]), Is.Empty);
    }

    [TestCase("main", true)]
    [TestCase("refs/heads/main", true)]
    [TestCase("HEAD", true)]
    [TestCase("", true)]
    [TestCase("develop", false)]
    [TestCase("refs/tags/main", false)]
    [TestCase("1111111111111111111111111111111111111111", false)]
    public void Match_BranchPush_TargetRevisions(string revision, bool expected)
    {
        Assert.That(GitPushEventMatcher.Match(Push(), [App("a", revision: revision)]).Count == 1, Is.EqualTo(expected));
    }

    [Test]
    public void Match_HeadFollowsDefaultBranch_OrAnyBranchWhenTheDefaultIsUnknown()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GitPushEventMatcher.Match(Push("refs/heads/feature"), [App("a", revision: "HEAD")]), Is.Empty);
            Assert.That(GitPushEventMatcher.Match(Push("refs/heads/feature", defaultBranch: null), [App("a", revision: "HEAD")]), Has.Count.EqualTo(1));
            Assert.That(GitPushEventMatcher.Match(Push("refs/tags/v1", defaultBranch: null), [App("a", revision: "HEAD")]), Is.Empty);
        });
    }

    [TestCase("v1.2.0", true)]
    [TestCase("refs/tags/v1.2.0", true)]
    [TestCase("1.*", true)]
    [TestCase(">=1.0.0 <2.0.0", true)]
    [TestCase("~1.3", false)]
    [TestCase("main", false)]
    public void Match_TagPush_TargetRevisions(string revision, bool expected)
    {
        Assert.That(GitPushEventMatcher.Match(Push("refs/tags/v1.2.0"), [App("a", revision: revision)]).Count == 1, Is.EqualTo(expected));
    }

    [Test]
    public void Match_ManifestGeneratePaths_FiltersByChangedFiles()
    {
        var apps = new[]
        {
            App("dot", paths: "."),
            App("sibling", paths: "../common"),
            App("absolute", paths: "/shared; /other"),
            App("glob", paths: "/charts/*/values.yaml"),
            App("none"),
            App("unrelated", paths: "."),
        };
        apps[5] = apps[5] with { Spec = apps[5].Spec with { Source = apps[5].Spec.Source! with { Path = "apps/api" } } };
        var matched = GitPushEventMatcher.Match(Push(files: ["apps/web/deploy.yaml", "apps/common/x.yaml", "shared/y.yaml", "charts/web/values.yaml"]), apps)
            .Select(m => m.Application.Name);
        Assert.That(matched, Is.EqualTo(new[] { "dot", "sibling", "absolute", "glob", "none" }));
    }

    [Test]
    public void Match_ManifestGeneratePaths_PrefixNeedsAFolderBoundary()
    {
        Assert.That(GitPushEventMatcher.Match(Push(files: ["apps/web-old/a.yaml"]), [App("a", paths: ".")]), Is.Empty);
    }

    [Test]
    public void Match_FilesUnknown_IgnoresTheAnnotation()
    {
        Assert.That(GitPushEventMatcher.Match(Push(files: null), [App("a", paths: "/nowhere")]), Has.Count.EqualTo(1));
    }

    [Test]
    public void Match_ChartSourcesAndDeletedRefs_DoNotMatch()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GitPushEventMatcher.Match(Push(), [App("chart", chart: "web")]), Is.Empty);
            Assert.That(GitPushEventMatcher.Match(Push() with { Deleted = true }, [App("a")]), Is.Empty);
        });
    }

    [Test]
    public void Match_MultiSource_ReportsTheMatchingSourceOnce()
    {
        var app = App("multi") with
        {
            Spec = new ApplicationSpec
            {
                Sources =
                [
                    new ApplicationSource { RepoUrl = "https://charts.example.com", Chart = "web", TargetRevision = "1.0.0" },
                    new ApplicationSource { RepoUrl = "git@github.com:example/apps.git", TargetRevision = "main", Ref = "values" },
                    new ApplicationSource { RepoUrl = "https://github.com/example/apps", TargetRevision = "main", Path = "x" },
                ],
            },
        };
        var match = GitPushEventMatcher.Match(Push(), [app]).Single();
        Assert.That(match.Source.Ref, Is.EqualTo("values"));
    }

    [TestCase("https://github.com/Example/Apps.git", "github.com/example/apps")]
    [TestCase("git@github.com:example/apps.git", "github.com/example/apps")]
    [TestCase("ssh://git@host:7999/proj/repo.git", "host/proj/repo")]
    [TestCase("not a url", null)]
    [TestCase("", null)]
    public void RepositoryKey_DropsSchemeUserPortAndSuffix(string url, string? expected)
    {
        Assert.That(GitPushEventMatcher.RepositoryKey(url), Is.EqualTo(expected));
    }
}
