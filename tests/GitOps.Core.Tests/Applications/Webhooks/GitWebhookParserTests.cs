using System.Security.Cryptography;
using System.Text;
using GitOps.Applications.Webhooks;

namespace GitOps.Tests.Applications.Webhooks;

public sealed class GitWebhookParserTests
{
    private const string Secret = "s3cr3t-webhook-value";
    private const string ShaA = "1111111111111111111111111111111111111111";
    private const string ShaB = "2222222222222222222222222222222222222222";
    private const string Zero = "0000000000000000000000000000000000000000";

    // Written to GitHub's documented push payload shape, trimmed to the fields that matter.
    private const string GitHubPush = """
        {
          "ref": "refs/heads/main",
          "before": "1111111111111111111111111111111111111111",
          "after": "2222222222222222222222222222222222222222",
          "created": false,
          "deleted": false,
          "repository": {
            "full_name": "example/apps",
            "html_url": "https://github.com/example/apps",
            "clone_url": "https://github.com/example/apps.git",
            "ssh_url": "git@github.com:example/apps.git",
            "git_url": "git://github.com/example/apps.git",
            "default_branch": "main"
          },
          "commits": [
            {"id": "aaa", "added": ["apps/web/new.yaml"], "removed": [], "modified": ["apps/web/deploy.yaml"]},
            {"id": "bbb", "added": [], "removed": ["docs/old.md"], "modified": ["apps/web/deploy.yaml"]}
          ]
        }
        """;

    // GitLab's documented "Push Hook" shape.
    private const string GitLabPush = """
        {
          "object_kind": "push",
          "ref": "refs/heads/develop",
          "before": "1111111111111111111111111111111111111111",
          "after": "2222222222222222222222222222222222222222",
          "checkout_sha": "2222222222222222222222222222222222222222",
          "project": {
            "path_with_namespace": "group/apps",
            "web_url": "https://gitlab.example.com/group/apps",
            "git_ssh_url": "git@gitlab.example.com:group/apps.git",
            "git_http_url": "https://gitlab.example.com/group/apps.git",
            "default_branch": "main"
          },
          "repository": {
            "url": "git@gitlab.example.com:group/apps.git",
            "homepage": "https://gitlab.example.com/group/apps"
          },
          "commits": [
            {"id": "c1", "added": ["a.yaml"], "modified": [], "removed": []}
          ],
          "total_commits_count": 1
        }
        """;

    // Bitbucket Cloud's documented "repo:push" shape: one change per pushed ref.
    private const string BitbucketPush = """
        {
          "repository": {
            "full_name": "team/apps",
            "links": {"html": {"href": "https://bitbucket.org/team/apps"}},
            "mainbranch": {"name": "main"}
          },
          "push": {
            "changes": [
              {
                "old": {"type": "branch", "name": "main", "target": {"hash": "1111111111111111111111111111111111111111"}},
                "new": {"type": "branch", "name": "main", "target": {"hash": "2222222222222222222222222222222222222222"}}
              },
              {
                "old": null,
                "new": {"type": "tag", "name": "v1.2.0", "target": {"hash": "2222222222222222222222222222222222222222"}}
              },
              {
                "old": {"type": "branch", "name": "gone", "target": {"hash": "1111111111111111111111111111111111111111"}},
                "new": null
              }
            ]
          }
        }
        """;

    private static readonly GitWebhookParser Parser = new(new GitWebhookOptions
    {
        GitHubSecret = Secret,
        GitLabSecret = Secret,
        BitbucketUuid = "{8d9f1b4e-2a5c-4c1e-9b7f-0123456789ab}",
        GenericToken = Secret,
    });

    [Test]
    public void Parse_GitHubPushWithValidSignature_NormalizesEvent()
    {
        var result = Parse(Parser, GitHubPush, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(GitHubPush)));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Accepted), result.Message);
        var push = result.Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Provider, Is.EqualTo(GitWebhookProvider.GitHub));
            Assert.That(push.RepositoryUrls, Is.EqualTo(new[]
            {
                "https://github.com/example/apps", "https://github.com/example/apps.git", "git@github.com:example/apps.git", "git://github.com/example/apps.git",
            }));
            Assert.That(push.Ref, Is.EqualTo("refs/heads/main"));
            Assert.That(push.Revision, Is.EqualTo("main"));
            Assert.That(push.IsTag, Is.False);
            Assert.That(push.Before, Is.EqualTo(ShaA));
            Assert.That(push.After, Is.EqualTo(ShaB));
            Assert.That(push.DefaultBranch, Is.EqualTo("main"));
            Assert.That(push.TouchedDefaultBranch, Is.True);
            Assert.That(push.ChangedFiles, Is.EqualTo(new[] { "apps/web/deploy.yaml", "apps/web/new.yaml", "docs/old.md" }));
            Assert.That(push.ChangedFilesKnown, Is.True);
        });
    }

    [Test]
    public void Parse_GitHubHeaderNamesInAnyCase()
    {
        var result = Parse(Parser, GitHubPush, ("x-github-event", "push"), ("x-hub-signature-256", Sign(GitHubPush).ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Accepted), result.Message);
    }

    [TestCase(null)]
    [TestCase("sha256=00")]
    [TestCase("sha256=not-hex")]
    [TestCase("sha1=abc")]
    public void Parse_GitHubBadSignature_IsUnauthorizedWithoutLeakingTheSecret(string? signature)
    {
        var headers = new List<(string, string)> { ("X-GitHub-Event", "push") };
        if (signature is not null)
        {
            headers.Add(("X-Hub-Signature-256", signature));
        }

        var result = Parse(Parser, GitHubPush, [.. headers]);
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Unauthorized));
        Assert.That(result.Message, Does.Not.Contain(Secret));
        Assert.That(result.Events, Is.Empty);
    }

    [Test]
    public void Parse_GitHubTamperedBody_IsUnauthorized()
    {
        var signature = Sign(GitHubPush);
        var result = Parse(Parser, GitHubPush.Replace("main", "prod", StringComparison.Ordinal), ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", signature));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Unauthorized));
    }

    [Test]
    public void Parse_GitHubPing_IsIgnored()
    {
        const string ping = """{"zen": "Keep it logically awesome.", "hook_id": 1}""";
        var result = Parse(Parser, ping, ("X-GitHub-Event", "ping"), ("X-Hub-Signature-256", Sign(ping)));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Ignored));
    }

    [Test]
    public void Parse_GitHubDeletedBranch_MarksDeleted()
    {
        var body = GitHubPush.Replace("\"deleted\": false", "\"deleted\": true", StringComparison.Ordinal).Replace(ShaB, Zero, StringComparison.Ordinal);
        var push = Parse(Parser, body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(body))).Events.Single();
        Assert.That(push.Deleted, Is.True);
        Assert.That(push.After, Is.Null);
    }

    [Test]
    public void Parse_GitHubTagWithoutCommits_FilesUnknown()
    {
        var body = """{"ref": "refs/tags/v2.0.0", "after": "2222222222222222222222222222222222222222", "repository": {"clone_url": "https://github.com/example/apps.git"}, "commits": []}""";
        var push = Parse(Parser, body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(body))).Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(push.IsTag, Is.True);
            Assert.That(push.Revision, Is.EqualTo("v2.0.0"));
            Assert.That(push.ChangedFilesKnown, Is.False);
            Assert.That(push.TouchedDefaultBranch, Is.False);
        });
    }

    [Test]
    public void Parse_GitLabPushWithToken_NormalizesEvent()
    {
        var result = Parse(Parser, GitLabPush, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", Secret));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Accepted), result.Message);
        var push = result.Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(push.Provider, Is.EqualTo(GitWebhookProvider.GitLab));
            Assert.That(push.RepositoryUrls, Is.EquivalentTo(new[]
            {
                "https://gitlab.example.com/group/apps", "https://gitlab.example.com/group/apps.git", "git@gitlab.example.com:group/apps.git",
            }));
            Assert.That(push.Revision, Is.EqualTo("develop"));
            Assert.That(push.TouchedDefaultBranch, Is.False);
            Assert.That(push.ChangedFiles, Is.EqualTo(new[] { "a.yaml" }));
            Assert.That(push.ChangedFilesKnown, Is.True);
        });
    }

    [Test]
    public void Parse_GitLabTruncatedCommitList_FilesUnknown()
    {
        var body = GitLabPush.Replace("\"total_commits_count\": 1", "\"total_commits_count\": 40", StringComparison.Ordinal);
        var push = Parse(Parser, body, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", Secret)).Events.Single();
        Assert.That(push.ChangedFilesKnown, Is.False);
    }

    [Test]
    public void Parse_GitLabTagPush_IsATag()
    {
        var body = GitLabPush.Replace("\"object_kind\": \"push\"", "\"object_kind\": \"tag_push\"", StringComparison.Ordinal)
            .Replace("refs/heads/develop", "refs/tags/v1.0.0", StringComparison.Ordinal);
        var push = Parse(Parser, body, ("X-Gitlab-Event", "Tag Push Hook"), ("X-Gitlab-Token", Secret)).Events.Single();
        Assert.That(push.IsTag, Is.True);
    }

    [TestCase(null)]
    [TestCase("wrong")]
    [TestCase("s3cr3t-webhook-valu")]
    public void Parse_GitLabWrongToken_IsUnauthorized(string? token)
    {
        var result = token is null
            ? Parse(Parser, GitLabPush, ("X-Gitlab-Event", "Push Hook"))
            : Parse(Parser, GitLabPush, ("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", token));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Unauthorized));
        Assert.That(result.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void Parse_GitLabMergeRequest_IsIgnored()
    {
        var result = Parse(Parser, """{"object_kind": "merge_request"}""", ("X-Gitlab-Event", "Merge Request Hook"), ("X-Gitlab-Token", Secret));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Ignored));
    }

    [Test]
    public void Parse_BitbucketPush_OneEventPerChange()
    {
        var result = Parse(Parser, BitbucketPush, ("X-Event-Key", "repo:push"), ("X-Hook-UUID", "8D9F1B4E-2A5C-4C1E-9B7F-0123456789AB"));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Accepted), result.Message);
        Assert.That(result.Events, Has.Count.EqualTo(3));
        var (branch, tag, deleted) = (result.Events[0], result.Events[1], result.Events[2]);
        Assert.Multiple(() =>
        {
            Assert.That(branch.RepositoryUrls, Is.EqualTo(new[]
            {
                "https://bitbucket.org/team/apps", "https://bitbucket.org/team/apps.git", "git@bitbucket.org:team/apps.git",
            }));
            Assert.That(branch.Ref, Is.EqualTo("refs/heads/main"));
            Assert.That(branch.Before, Is.EqualTo(ShaA));
            Assert.That(branch.After, Is.EqualTo(ShaB));
            Assert.That(branch.TouchedDefaultBranch, Is.True);
            Assert.That(branch.ChangedFilesKnown, Is.False);
            Assert.That(tag.Ref, Is.EqualTo("refs/tags/v1.2.0"));
            Assert.That(tag.Before, Is.Null);
            Assert.That(deleted.Deleted, Is.True);
            Assert.That(deleted.Ref, Is.EqualTo("refs/heads/gone"));
        });
    }

    [Test]
    public void Parse_BitbucketWrongUuid_IsUnauthorized()
    {
        var result = Parse(Parser, BitbucketPush, ("X-Event-Key", "repo:push"), ("X-Hook-UUID", "{00000000-0000-0000-0000-000000000000}"));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Unauthorized));
    }

    [Test]
    public void Parse_BitbucketSecret_ChecksHmac()
    {
        var parser = new GitWebhookParser(new GitWebhookOptions { BitbucketSecret = Secret });
        Assert.Multiple(() =>
        {
            Assert.That(Parse(parser, BitbucketPush, ("X-Event-Key", "repo:push"), ("X-Hub-Signature", Sign(BitbucketPush))).Status, Is.EqualTo(GitWebhookStatus.Accepted));
            Assert.That(Parse(parser, BitbucketPush, ("X-Event-Key", "repo:push")).Status, Is.EqualTo(GitWebhookStatus.Unauthorized));
        });
    }

    [Test]
    public void Parse_GenericWithBearerToken_NormalizesEvent()
    {
        const string body = """{"repository": "https://git.example.com/apps.git", "revision": "release", "commit": "2222222222222222222222222222222222222222", "changedFiles": ["/apps/a.yaml"]}""";
        var result = Parse(Parser, body, ("Authorization", "Bearer " + Secret));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Accepted), result.Message);
        var push = result.Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(push.Provider, Is.EqualTo(GitWebhookProvider.Generic));
            Assert.That(push.Ref, Is.EqualTo("refs/heads/release"));
            Assert.That(push.After, Is.EqualTo(ShaB));
            Assert.That(push.ChangedFiles, Is.EqualTo(new[] { "apps/a.yaml" }));
            Assert.That(push.ChangedFilesKnown, Is.True);
        });
    }

    [Test]
    public void Parse_GenericWithTokenHeaderAndTagRef()
    {
        const string body = """{"repository": "git@git.example.com:apps.git", "ref": "refs/tags/v3"}""";
        var push = Parse(Parser, body, ("X-GitOps-Token", Secret)).Events.Single();
        Assert.That(push.IsTag, Is.True);
        Assert.That(push.ChangedFilesKnown, Is.False);
    }

    [TestCase("""{"revision": "main"}""", "'repository'")]
    [TestCase("""{"repository": "https://e/a.git"}""", "needs 'revision'")]
    [TestCase("""{"repository": "https://e/a.git", "revision": "main", "changedFiles": [1]}""", "list of strings")]
    [TestCase("""[1, 2]""", "not a JSON object")]
    [TestCase("""{"repository": """, "not valid JSON")]
    public void Parse_GenericMalformed_IsInvalid(string body, string message)
    {
        var result = Parse(Parser, body, ("X-GitOps-Token", Secret));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Invalid));
        Assert.That(result.Message, Does.Contain(message));
    }

    [Test]
    public void Parse_GitHubMissingRepository_IsInvalid()
    {
        const string body = """{"ref": "refs/heads/main"}""";
        var result = Parse(Parser, body, ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(body)));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Invalid));
        Assert.That(result.Message, Does.Contain("'repository'"));
    }

    [Test]
    public void Parse_NoSecretConfigured_RejectedUnlessAllowed()
    {
        var strict = new GitWebhookParser();
        var lenient = new GitWebhookParser(new GitWebhookOptions { AllowUnauthenticated = true });
        Assert.Multiple(() =>
        {
            var rejected = Parse(strict, GitHubPush, ("X-GitHub-Event", "push"));
            Assert.That(rejected.Status, Is.EqualTo(GitWebhookStatus.Unauthorized));
            Assert.That(rejected.Message, Does.Contain("no secret is configured for GitHub"));
            Assert.That(Parse(lenient, GitHubPush, ("X-GitHub-Event", "push")).Status, Is.EqualTo(GitWebhookStatus.Accepted));
        });
    }

    [Test]
    public void Parse_TooLarge_IsInvalidBeforeAnythingElse()
    {
        var parser = new GitWebhookParser(new GitWebhookOptions { AllowUnauthenticated = true, MaxPayloadBytes = 100 });
        var result = Parse(parser, GitHubPush, ("X-GitHub-Event", "push"));
        Assert.That(result.Status, Is.EqualTo(GitWebhookStatus.Invalid));
        Assert.That(result.Message, Does.Contain("more than the 100 allowed"));
    }

    private static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private static GitWebhookResult Parse(GitWebhookParser parser, string body, params (string Name, string Value)[] headers) =>
        parser.Parse(headers.Select(h => KeyValuePair.Create(h.Name, h.Value)), Encoding.UTF8.GetBytes(body));
}
