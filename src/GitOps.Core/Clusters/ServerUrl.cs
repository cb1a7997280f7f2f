namespace GitOps.Clusters;

// API server URLs compare by scheme, host and port (case-insensitively, as Uri canonicalizes them) and path, with a
// trailing slash ignored: https://Example:443/ and https://example are the same server.
internal static class ServerUrl
{
    public static bool Same(Uri a, Uri b) => string.Equals(Key(a), Key(b), StringComparison.Ordinal);

    private static string Key(Uri url) => $"{url.Scheme}://{url.Host}:{url.Port}{url.AbsolutePath.TrimEnd('/')}";
}
