using GitOps.Globbing;
using GitOps.Sources.Git;
using GitOps.Versioning;

namespace GitOps.Applications.Webhooks;

/// <summary>
/// Finds the applications a push concerns, as Argo CD's webhook handler does: a Git source (not a Helm chart) whose
/// repository is the pushed one (compared by host and path, whatever the scheme, user, port, case or <c>.git</c>
/// suffix) and whose target revision is the pushed branch or tag (<c>HEAD</c> or empty for the default branch; a
/// semantic-version range for a matching tag; a commit SHA never; when the payload does not name the default branch, a
/// branch push counts for <c>HEAD</c>, as Argo CD does for Bitbucket), and, when the application has the
/// <c>argocd.argoproj.io/manifest-generate-paths</c> annotation and the push lists its files, a changed file under
/// one of the listed paths.
/// </summary>
/// <remarks>
/// The annotation lists paths separated by <c>;</c>: relative ones are taken from the source's path (<c>.</c> is the
/// source path itself), ones starting with <c>/</c> from the repository root; paths with <c>*</c>, <c>?</c>, <c>[</c>
/// or <c>{</c> are globs.
/// </remarks>
public static class GitPushEventMatcher
{
    /// <summary>The annotation that limits refreshes to pushes touching some paths.</summary>
    public const string ManifestGeneratePathsAnnotation = "argocd.argoproj.io/manifest-generate-paths";

    /// <summary>The applications a push concerns, in the order given.</summary>
    /// <param name="push">The push.</param>
    /// <param name="applications">The candidate applications.</param>
    public static IReadOnlyList<GitPushMatch> Match(GitPushEvent push, IEnumerable<Application> applications)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(applications);
        if (push.Deleted)
        {
            return [];
        }

        var pushed = push.RepositoryUrls.Select(RepositoryKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var result = new List<GitPushMatch>();
        // Many applications share a repository; normalize each URL once.
        var keys = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var application in applications)
        {
            foreach (var source in application.Spec.EffectiveSources)
            {
                if (!keys.TryGetValue(source.RepoUrl, out var key))
                {
                    key = RepositoryKey(source.RepoUrl);
                    keys[source.RepoUrl] = key;
                }

                if (source.Chart is null && key is not null && pushed.Contains(key) &&
                    RevisionMatches(source.TargetRevision, push) && FilesConcern(application, source, push))
                {
                    result.Add(new GitPushMatch(application, source));
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Whether a source's target revision follows the pushed ref.</summary>
    /// <param name="targetRevision">The source's <c>targetRevision</c>.</param>
    /// <param name="push">The push.</param>
    public static bool RevisionMatches(string targetRevision, GitPushEvent push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var target = (targetRevision ?? string.Empty).Trim();
        if (target.Length == 0 || target == "HEAD")
        {
            return push.MayHaveTouchedDefaultBranch;
        }

        if (target.StartsWith("refs/", StringComparison.Ordinal))
        {
            return string.Equals(target, push.Ref, StringComparison.Ordinal);
        }

        if (string.Equals(target, push.Revision, StringComparison.Ordinal))
        {
            return true;
        }

        // A tag push may satisfy a version range such as "1.*" or ">=1.2.0 <2.0.0".
        return push.IsTag && !GitRevisions.IsFullSha(target) &&
               SemVersionRange.TryParse(target, out var range) &&
               SemVersion.TryParse(push.Revision.TrimStart('v'), out var version) &&
               range.IsSatisfiedBy(version);
    }

    /// <summary>
    /// A repository URL reduced to lower-case host and path, without scheme, user, port and <c>.git</c>, so that the
    /// HTTPS, SSH and web forms of one repository compare equal; <see langword="null"/> when it is not a URL.
    /// </summary>
    /// <param name="url">The URL.</param>
    public static string? RepositoryKey(string url)
    {
        if (string.IsNullOrWhiteSpace(url) || !GitRepositoryUrl.LooksLikeUrl(url))
        {
            return null;
        }

        string normalized;
        try
        {
            normalized = GitRepositoryUrl.Parse(url).Normalized;
        }
        catch (ArgumentException)
        {
            return null;
        }

        var rest = normalized[(normalized.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? rest : rest[..slash];
        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            host = host[..colon];
        }

        return (host + (slash < 0 ? string.Empty : rest[slash..])).ToLowerInvariant();
    }

    private static bool FilesConcern(Application application, ApplicationSource source, GitPushEvent push)
    {
        if (!push.ChangedFilesKnown ||
            !application.Metadata.Annotations.TryGetValue(ManifestGeneratePathsAnnotation, out var annotation) ||
            string.IsNullOrWhiteSpace(annotation))
        {
            return true;
        }

        foreach (var item in annotation.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var path = item.StartsWith('/') ? item.TrimStart('/') : Join(source.Path, item);
            if (path.IndexOfAny(['*', '?', '[', '{']) >= 0)
            {
                GlobPattern glob;
                try
                {
                    glob = GlobPattern.Parse(path);
                }
                catch (FormatException)
                {
                    // A malformed glob cannot be honoured; refreshing is the safe answer.
                    return true;
                }

                if (push.ChangedFiles.Any(glob.IsMatch))
                {
                    return true;
                }

                continue;
            }

            if (path.Length == 0 || push.ChangedFiles.Any(f => f == path || f.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    // Joins and cleans a repository-relative path: "apps/web" + "../common" is "apps/common"; "." is the base.
    private static string Join(string basePath, string relative)
    {
        var parts = new List<string>();
        foreach (var part in $"{basePath}/{relative}".Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }
}
