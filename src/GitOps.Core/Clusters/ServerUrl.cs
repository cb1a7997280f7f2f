namespace GitOps.Clusters;

// API server URLs compare by scheme, host and port (case-insensitively, as Uri canonicalizes them) and path, with a
// trailing slash ignored: https://Example:443/ and https://example are the same server.
internal static class ServerUrl
{
    public static bool Same(Uri a, Uri b) => string.Equals(Key(a), Key(b), StringComparison.Ordinal);

    // What ClusterInfo keeps: the URL without user information, which would be credentials.
    public static Uri WithoutUserInfo(Uri url) => url.IsAbsoluteUri && url.UserInfo.Length > 0 ? new Uri(Display(url)) : url;

    // For messages and logs: user information (user:password@) in a URL is credentials, so it is left out.
    public static string Display(Uri url) =>
        !url.IsAbsoluteUri ? "(relative URL)"
        : url.UserInfo.Length == 0 ? url.OriginalString
        : url.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);

    private static string Key(Uri url) => $"{url.Scheme}://{url.Host}:{url.Port}{url.AbsolutePath.TrimEnd('/')}";
}
