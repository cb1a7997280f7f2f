using System.Text.RegularExpressions;
using LibGit2Sharp;

namespace GitOps.Sources.Git;

/// <summary>
/// Turns libgit2 failures into <see cref="GitSourceException"/>s. libgit2 reports errors as text only, so the kind
/// comes from the message; any credential text is scrubbed from messages before they go anywhere.
/// </summary>
internal static partial class GitErrors
{
    public static GitSourceErrorKind? Classify(Exception exception)
    {
        var message = exception.Message;
        if (Has(message, "unsupported url protocol") || Has(message, "unsupported protocol"))
        {
            return GitSourceErrorKind.UnsupportedProtocol;
        }

        var status = HttpStatus().Match(message) is { Success: true } match ? match.Groups[1].Value : null;
        if (status is "401" or "403" || Has(message, "authentication") || Has(message, "credentials") ||
            Has(message, "unauthorized"))
        {
            return GitSourceErrorKind.AuthenticationFailed;
        }

        if (status is "404" or "410" || Has(message, "could not find repository") || Has(message, "repository not found") ||
            Has(message, "not a git repository") || Has(message, "does not appear to be a git repository") ||
            (exception is RepositoryNotFoundException))
        {
            return GitSourceErrorKind.RepositoryNotFound;
        }

        if (Has(message, "failed to connect") || Has(message, "connection") || Has(message, "resolve address") || Has(message, "could not resolve") ||
            Has(message, "timed out") || Has(message, "timeout") || Has(message, "network") || Has(message, "ssl") ||
            Has(message, "certificate") || Has(message, "eof") || Has(message, "failed to send request") ||
            status is not null)
        {
            return GitSourceErrorKind.Network;
        }

        return null;
    }

    public static GitSourceException Create(
        GitSourceErrorKind kind, GitRepositoryUrl url, string? revision, string cause, Exception? inner, GitCredentials? credentials)
    {
        var what = kind switch
        {
            GitSourceErrorKind.AuthenticationFailed => credentials is null
                ? "authentication failed: the server wants credentials and none are configured"
                : $"authentication failed: the server rejected the credentials of user '{credentials.Username}'",
            GitSourceErrorKind.RepositoryNotFound => "the repository was not found",
            GitSourceErrorKind.Network => "the server could not be reached",
            GitSourceErrorKind.CorruptCache => "the cached copy is damaged and could not be repaired",
            GitSourceErrorKind.UnsupportedProtocol => "the protocol is not supported",
            _ => "the revision could not be resolved",
        };
        var revisionText = revision is null ? string.Empty : $" (revision '{revision}')";
        var message = Scrub($"Git repository {url.Normalized}{revisionText}: {what}: {cause}", credentials, url);
        return new GitSourceException(kind, url.Normalized, revision, message, inner is null ? null : ScrubException(inner, credentials, url));
    }

    public static string Scrub(string text, GitCredentials? credentials, GitRepositoryUrl url)
    {
        foreach (var secret in new[] { credentials?.Password, url.EmbeddedCredentials?.Password })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal)
                    .Replace(Uri.EscapeDataString(secret), "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    // libgit2 never sees a password in a URL, but messages are checked anyway: a leak here would be costly.
    private static Exception ScrubException(Exception exception, GitCredentials? credentials, GitRepositoryUrl url)
    {
        var scrubbed = Scrub(exception.Message, credentials, url);
        var inner = exception.InnerException is null ? null : ScrubException(exception.InnerException, credentials, url);
        return scrubbed == exception.Message && ReferenceEquals(inner, exception.InnerException)
            ? exception
            : new LibGit2SharpException(scrubbed, inner!);
    }

    // libgit2 says "unexpected http status code: 404" or "request failed with status code: 401".
    [GeneratedRegex(@"status code:?\s*(\d{3})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HttpStatus();

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
