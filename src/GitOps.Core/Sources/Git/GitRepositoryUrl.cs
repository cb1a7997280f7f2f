using System.Security.Cryptography;
using System.Text;

namespace GitOps.Sources.Git;

/// <summary>
/// A repository location split into what may be shown and what may not. <see cref="Normalized"/> is the cache key
/// and the text used in messages: scheme and host lower-cased, credentials, trailing slash and <c>.git</c> removed.
/// <see cref="FetchUrl"/> is what libgit2 gets: the URL as given minus credentials, which travel separately.
/// </summary>
internal sealed class GitRepositoryUrl
{
    private GitRepositoryUrl(string normalized, string fetchUrl, GitCredentials? embeddedCredentials, bool isSsh, string? localPath = null)
    {
        LocalPath = localPath;
        Normalized = normalized;
        FetchUrl = fetchUrl;
        EmbeddedCredentials = embeddedCredentials;
        IsSsh = isSsh;
    }

    public string Normalized { get; }

    public string FetchUrl { get; }

    /// <summary>Credentials written into the URL's user-info part, if any.</summary>
    public GitCredentials? EmbeddedCredentials { get; }

    public bool IsSsh { get; }

    /// <summary>The folder of a file:// URL or local path; <see langword="null"/> for remote URLs.</summary>
    public string? LocalPath { get; }

    /// <summary>A folder name for the cache: readable prefix plus a hash of <see cref="Normalized"/>.</summary>
    public string CacheFolderName
    {
        get
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalized)))[..16];
            var tail = Normalized[(Normalized.IndexOf("://", StringComparison.Ordinal) + 3)..];
            var slug = new StringBuilder();
            foreach (var c in tail)
            {
                slug.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
            }

            var text = slug.ToString().Trim('-');
            return (text.Length > 40 ? text[^40..].TrimStart('-') : text) + "-" + hash;
        }
    }

    public override string ToString() => Normalized;

    /// <summary>Parses a URL (http, https, ssh, git, file), an scp-like <c>user@host:path</c>, or a local path.</summary>
    /// <exception cref="ArgumentException">The text is empty or not a usable URL or path.</exception>
    public static GitRepositoryUrl Parse(string repository)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        var text = repository.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"Repository URL '{Redact(text)}' is not a valid URL.", nameof(repository));
            }

            return FromUri(uri, text);
        }

        if (IsScpLike(text, out var host, out var path))
        {
            var normalized = "ssh://" + host.ToLowerInvariant() + "/" + TrimSuffixes(path.TrimStart('/'));
            return new GitRepositoryUrl(normalized, text, null, isSsh: true);
        }

        var full = Path.GetFullPath(text);
        var trimmed = full.Length > 1 ? full.TrimEnd('/', '\\') : full;
        return new GitRepositoryUrl("file://" + TrimSuffixes(trimmed.Replace('\\', '/')), trimmed, null, isSsh: false, trimmed);
    }

    /// <summary>Whether the text looks like a Git URL rather than a local path.</summary>
    public static bool LooksLikeUrl(string text) =>
        text.Contains("://", StringComparison.Ordinal) || IsScpLike(text, out _, out _);

    private static GitRepositoryUrl FromUri(Uri uri, string original)
    {
        var scheme = uri.Scheme.ToLowerInvariant();
        GitCredentials? credentials = null;
        if (uri.UserInfo.Length > 0 && scheme is "http" or "https")
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            credentials = colon < 0
                ? new GitCredentials(Uri.UnescapeDataString(uri.UserInfo), string.Empty)
                : new GitCredentials(Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
        }

        if (scheme == "file")
        {
            var localPath = uri.LocalPath.Length > 1 ? uri.LocalPath.TrimEnd('/') : uri.LocalPath;
            return new GitRepositoryUrl("file://" + TrimSuffixes(localPath), "file://" + localPath, null, isSsh: false, localPath);
        }

        var authority = uri.IsDefaultPort ? uri.Host.ToLowerInvariant() : $"{uri.Host.ToLowerInvariant()}:{uri.Port}";
        var pathAndQuery = uri.AbsolutePath;
        var normalized = $"{scheme}://{authority}/{TrimSuffixes(pathAndQuery.TrimStart('/'))}";

        // Keep the path exactly as given for fetching (some servers insist on the .git suffix); drop only user-info,
        // except the SSH user name, which names the account rather than being a secret.
        var builder = new UriBuilder(uri) { Password = string.Empty };
        if (scheme != "ssh")
        {
            builder.UserName = string.Empty;
        }

        var fetchUrl = builder.Uri.GetComponents(UriComponents.AbsoluteUri, UriFormat.UriEscaped);
        if (!original.EndsWith('/') && fetchUrl.EndsWith('/') && pathAndQuery != "/")
        {
            fetchUrl = fetchUrl.TrimEnd('/');
        }

        return new GitRepositoryUrl(normalized, fetchUrl, credentials, isSsh: scheme == "ssh");
    }

    private static string TrimSuffixes(string path)
    {
        var result = path.TrimEnd('/');
        if (result.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            result = result[..^4];
        }

        return result.TrimEnd('/');
    }

    // git's rule: "host:path" is scp-like when a colon comes before any slash (and it is not a drive letter).
    private static bool IsScpLike(string text, out string host, out string path)
    {
        host = path = string.Empty;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (colon <= 1 || (slash >= 0 && slash < colon))
        {
            return false;
        }

        var hostPart = text[..colon];
        var at = hostPart.LastIndexOf('@');
        host = at >= 0 ? hostPart[(at + 1)..] : hostPart;
        path = text[(colon + 1)..];
        return host.Length > 0;
    }

    private static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return scheme >= 0 && at > scheme ? text[..(scheme + 3)] + "***@" + text[(at + 1)..] : text;
    }
}
