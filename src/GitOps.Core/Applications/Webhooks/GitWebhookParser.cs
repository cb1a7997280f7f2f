using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GitOps.Applications.Webhooks;

/// <summary>
/// Authenticates and parses Git push webhooks from GitHub (<c>push</c>), GitLab (<c>Push Hook</c>, <c>Tag Push Hook</c>),
/// Bitbucket Cloud (<c>repo:push</c>) and our generic form into <see cref="GitPushEvent"/>s. Pure: no HTTP hosting.
/// </summary>
/// <remarks>
/// <para>The provider is told by header: <c>X-GitHub-Event</c>, <c>X-Gitlab-Event</c>, <c>X-Event-Key</c>; anything else is the generic form.</para>
/// <para>
/// The generic form is a JSON object <c>{"repository": URL, "revision": "main" | "refs/tags/v1", "commit": SHA,
/// "changedFiles": [...]}</c> (<c>ref</c> is accepted for <c>revision</c>; <c>commit</c> and <c>changedFiles</c> are
/// optional) with the token in <c>Authorization: Bearer …</c> or <c>X-GitOps-Token</c>. A bare revision is a branch.
/// </para>
/// <para>Secrets are compared in constant time and never appear in results.</para>
/// </remarks>
public sealed class GitWebhookParser
{
    private const string ZeroSha = "0000000000000000000000000000000000000000";

    /// <summary>Creates a parser.</summary>
    /// <param name="options">The secrets; none (and so only unauthenticated webhooks if allowed) when <see langword="null"/>.</param>
    public GitWebhookParser(GitWebhookOptions? options = null)
    {
        Options = options ?? new GitWebhookOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxPayloadBytes, 1, nameof(options));
    }

    /// <summary>The options in force.</summary>
    public GitWebhookOptions Options { get; }

    /// <summary>Authenticates and parses a webhook.</summary>
    /// <param name="headers">The request headers (names in any case).</param>
    /// <param name="body">The raw request body.</param>
    public GitWebhookResult Parse(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var h = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            h[name] = value;
        }

        var provider = h.ContainsKey("X-GitHub-Event") ? GitWebhookProvider.GitHub
            : h.ContainsKey("X-Gitlab-Event") ? GitWebhookProvider.GitLab
            : h.ContainsKey("X-Event-Key") ? GitWebhookProvider.Bitbucket
            : GitWebhookProvider.Generic;
        if (body.Length > Options.MaxPayloadBytes)
        {
            return Result(GitWebhookStatus.Invalid, provider, $"the body is {body.Length} bytes, more than the {Options.MaxPayloadBytes} allowed");
        }

        var denied = Authenticate(provider, h, body);
        if (denied is not null)
        {
            return Result(GitWebhookStatus.Unauthorized, provider, denied);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            return Result(GitWebhookStatus.Invalid, provider, $"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Result(GitWebhookStatus.Invalid, provider, "the body is not a JSON object");
            }

            try
            {
                return provider switch
                {
                    GitWebhookProvider.GitHub => ParseGitHub(h["X-GitHub-Event"], document.RootElement),
                    GitWebhookProvider.GitLab => ParseGitLab(h["X-Gitlab-Event"], document.RootElement),
                    GitWebhookProvider.Bitbucket => ParseBitbucket(h["X-Event-Key"], document.RootElement),
                    _ => ParseGeneric(document.RootElement),
                };
            }
            catch (WebhookPayloadException e)
            {
                return Result(GitWebhookStatus.Invalid, provider, e.Message);
            }
        }
    }

    private string? Authenticate(GitWebhookProvider provider, Dictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        switch (provider)
        {
            case GitWebhookProvider.GitHub when Options.GitHubSecret is { Length: > 0 } secret:
                return HmacMatches(secret, headers.GetValueOrDefault("X-Hub-Signature-256"), body)
                    ? null
                    : "the X-Hub-Signature-256 signature is missing or does not match the configured GitHub secret";
            case GitWebhookProvider.GitLab when Options.GitLabSecret is { Length: > 0 } secret:
                return TokenMatches(secret, headers.GetValueOrDefault("X-Gitlab-Token"))
                    ? null
                    : "the X-Gitlab-Token header is missing or does not match the configured GitLab secret";
            case GitWebhookProvider.Bitbucket when Options.BitbucketSecret is { Length: > 0 } || Options.BitbucketUuid is { Length: > 0 }:
                if (Options.BitbucketSecret is { Length: > 0 } bitbucketSecret && !HmacMatches(bitbucketSecret, headers.GetValueOrDefault("X-Hub-Signature"), body))
                {
                    return "the X-Hub-Signature signature is missing or does not match the configured Bitbucket secret";
                }

                return Options.BitbucketUuid is { Length: > 0 } uuid && !TokenMatches(NormalizeUuid(uuid), NormalizeUuid(headers.GetValueOrDefault("X-Hook-UUID")))
                    ? "the X-Hook-UUID header is missing or does not match the configured Bitbucket webhook UUID"
                    : null;
            case GitWebhookProvider.Generic when Options.GenericToken is { Length: > 0 } token:
                var given = headers.GetValueOrDefault("X-GitOps-Token");
                if (given is null && headers.GetValueOrDefault("Authorization") is { } authorization &&
                    authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                {
                    given = authorization["Bearer ".Length..].Trim();
                }

                return TokenMatches(token, given) ? null : "the token is missing or does not match the configured generic webhook token";
            default:
                return Options.AllowUnauthenticated
                    ? null
                    : $"no secret is configured for {provider} webhooks; configure one, or set AllowUnauthenticated";
        }
    }

    private static string? NormalizeUuid(string? uuid) => uuid?.Trim().Trim('{', '}').ToLowerInvariant();

    private static bool HmacMatches(string secret, string? header, ReadOnlySpan<byte> body)
    {
        const string prefix = "sha256=";
        if (header is null || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static bool TokenMatches(string? expected, string? given)
    {
        if (expected is null || given is null)
        {
            return false;
        }

        // Hash both so that the comparison takes the same time whatever the lengths.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(given)));
    }

    private static GitWebhookResult ParseGitHub(string eventName, JsonElement root)
    {
        if (eventName != "push")
        {
            return Result(GitWebhookStatus.Ignored, GitWebhookProvider.GitHub, $"GitHub event '{eventName}' is not a push; nothing to do");
        }

        var repository = RequiredObject(root, "repository");
        var commits = OptionalArray(root, "commits");
        var push = new GitPushEvent
        {
            Provider = GitWebhookProvider.GitHub,
            RepositoryUrls = Urls(repository, "html_url", "clone_url", "ssh_url", "git_url", "url"),
            Ref = RequiredString(root, "ref"),
            Before = Sha(OptionalString(root, "before")),
            After = Sha(OptionalString(root, "after")),
            DefaultBranch = OptionalString(repository, "default_branch"),
            Deleted = root.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True,
            ChangedFiles = ChangedFiles(commits),
            ChangedFilesKnown = commits.Count > 0,
        };
        return Accepted(push);
    }

    private static GitWebhookResult ParseGitLab(string eventName, JsonElement root)
    {
        var kind = OptionalString(root, "object_kind") ?? OptionalString(root, "event_name");
        if (eventName is not ("Push Hook" or "Tag Push Hook" or "System Hook") || kind is not ("push" or "tag_push"))
        {
            return Result(GitWebhookStatus.Ignored, GitWebhookProvider.GitLab, $"GitLab event '{eventName}' is not a push; nothing to do");
        }

        var project = root.TryGetProperty("project", out var p) && p.ValueKind == JsonValueKind.Object ? p : RequiredObject(root, "repository");
        var urls = Urls(project, "web_url", "git_http_url", "git_ssh_url", "http_url", "ssh_url", "url", "homepage");
        if (root.TryGetProperty("repository", out var repository) && repository.ValueKind == JsonValueKind.Object)
        {
            urls = [.. urls.Concat(Urls(repository, "homepage", "git_http_url", "git_ssh_url", "url")).Distinct(StringComparer.Ordinal)];
        }

        var commits = OptionalArray(root, "commits");
        var total = root.TryGetProperty("total_commits_count", out var count) && count.TryGetInt32(out var c) ? c : commits.Count;
        var after = Sha(OptionalString(root, "after"));
        var push = new GitPushEvent
        {
            Provider = GitWebhookProvider.GitLab,
            RepositoryUrls = urls,
            Ref = RequiredString(root, "ref"),
            Before = Sha(OptionalString(root, "before")),
            After = after,
            DefaultBranch = OptionalString(project, "default_branch"),
            Deleted = after is null && OptionalString(root, "after") == ZeroSha,
            ChangedFiles = ChangedFiles(commits),
            // GitLab lists at most 20 commits; with more the file list is incomplete.
            ChangedFilesKnown = commits.Count > 0 && commits.Count >= total,
        };
        return Accepted(push);
    }

    private static GitWebhookResult ParseBitbucket(string eventName, JsonElement root)
    {
        if (eventName != "repo:push")
        {
            return Result(GitWebhookStatus.Ignored, GitWebhookProvider.Bitbucket, $"Bitbucket event '{eventName}' is not a push; nothing to do");
        }

        var repository = RequiredObject(root, "repository");
        var fullName = RequiredString(repository, "full_name");
        var urls = new List<string>();
        string? host = null;
        if (repository.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object &&
            links.TryGetProperty("html", out var html) && html.ValueKind == JsonValueKind.Object &&
            OptionalString(html, "href") is { } href)
        {
            urls.Add(href);
            host = Uri.TryCreate(href, UriKind.Absolute, out var uri) ? uri.Host : null;
        }

        host ??= "bitbucket.org";
        // Bitbucket's payload has no clone URLs; Argo CD derives them the same way.
        urls.Add($"https://{host}/{fullName}.git");
        urls.Add($"git@{host}:{fullName}.git");
        string? defaultBranch = null;
        if (repository.TryGetProperty("mainbranch", out var main) && main.ValueKind == JsonValueKind.Object)
        {
            defaultBranch = OptionalString(main, "name");
        }

        var pushElement = RequiredObject(root, "push");
        var events = new List<GitPushEvent>();
        foreach (var change in OptionalArray(pushElement, "changes"))
        {
            var newRef = change.TryGetProperty("new", out var n) && n.ValueKind == JsonValueKind.Object ? n : (JsonElement?)null;
            var oldRef = change.TryGetProperty("old", out var o) && o.ValueKind == JsonValueKind.Object ? o : (JsonElement?)null;
            var reference = newRef ?? oldRef ?? throw new WebhookPayloadException("push.changes[] has neither new nor old");
            var type = RequiredString(reference, "type");
            var name = RequiredString(reference, "name");
            events.Add(new GitPushEvent
            {
                Provider = GitWebhookProvider.Bitbucket,
                RepositoryUrls = urls,
                Ref = (type == "tag" ? "refs/tags/" : "refs/heads/") + name,
                Before = oldRef is { } old ? TargetHash(old) : null,
                After = newRef is { } now ? TargetHash(now) : null,
                DefaultBranch = defaultBranch,
                Deleted = newRef is null,
                ChangedFilesKnown = false,
            });
        }

        return events.Count == 0
            ? Result(GitWebhookStatus.Ignored, GitWebhookProvider.Bitbucket, "the push has no changes")
            : new GitWebhookResult { Status = GitWebhookStatus.Accepted, Provider = GitWebhookProvider.Bitbucket, Events = events, Message = $"{events.Count} push(es)" };
    }

    private static GitWebhookResult ParseGeneric(JsonElement root)
    {
        var repository = RequiredString(root, "repository");
        var revision = OptionalString(root, "revision") ?? OptionalString(root, "ref") ??
            throw new WebhookPayloadException("the generic payload needs 'revision' (a branch, or refs/heads/..., refs/tags/...)");
        var files = new List<string>();
        var hasFiles = false;
        if (root.TryGetProperty("changedFiles", out var changed) && changed.ValueKind != JsonValueKind.Null)
        {
            if (changed.ValueKind != JsonValueKind.Array || changed.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String))
            {
                throw new WebhookPayloadException("'changedFiles' must be a list of strings");
            }

            hasFiles = true;
            files.AddRange(changed.EnumerateArray().Select(f => f.GetString()!.TrimStart('/')));
        }

        var push = new GitPushEvent
        {
            Provider = GitWebhookProvider.Generic,
            RepositoryUrls = [repository],
            Ref = revision.StartsWith("refs/", StringComparison.Ordinal) ? revision : "refs/heads/" + revision,
            After = Sha(OptionalString(root, "commit")),
            DefaultBranch = OptionalString(root, "defaultBranch"),
            ChangedFiles = files,
            ChangedFilesKnown = hasFiles,
        };
        return Accepted(push);
    }

    private static GitWebhookResult Accepted(GitPushEvent push) => new()
    {
        Status = GitWebhookStatus.Accepted,
        Provider = push.Provider,
        Events = [push],
        Message = $"push to {push.Ref}",
    };

    private static GitWebhookResult Result(GitWebhookStatus status, GitWebhookProvider provider, string message) =>
        new() { Status = status, Provider = provider, Message = message };

    private static string? TargetHash(JsonElement reference) =>
        reference.TryGetProperty("target", out var target) && target.ValueKind == JsonValueKind.Object ? Sha(OptionalString(target, "hash")) : null;

    private static string? Sha(string? sha) => string.IsNullOrEmpty(sha) || sha == ZeroSha ? null : sha;

    private static List<string> ChangedFiles(List<JsonElement> commits)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var commit in commits)
        {
            foreach (var list in new[] { "added", "modified", "removed" })
            {
                foreach (var file in OptionalArray(commit, list))
                {
                    if (file.ValueKind == JsonValueKind.String)
                    {
                        files.Add(file.GetString()!);
                    }
                }
            }
        }

        return [.. files];
    }

    private static List<string> Urls(JsonElement obj, params string[] names) =>
        [.. names.Select(n => OptionalString(obj, n)).OfType<string>().Where(u => u.Length > 0).Distinct(StringComparer.Ordinal)];

    private static JsonElement RequiredObject(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new WebhookPayloadException($"the payload has no '{name}' object");

    private static string RequiredString(JsonElement obj, string name) =>
        OptionalString(obj, name) is { Length: > 0 } value ? value : throw new WebhookPayloadException($"the payload has no '{name}' string");

    private static string? OptionalString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<JsonElement> OptionalArray(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    private sealed class WebhookPayloadException(string message) : Exception(message);
}
