namespace GitOps.Globbing;

/// <summary>How a <see cref="GlobPattern"/> treats the path separator <c>/</c>.</summary>
public enum GlobSyntax
{
    /// <summary>
    /// Argo CD's directory include and exclude patterns: <c>*</c>, <c>**</c>, <c>?</c> and classes match <c>/</c> too,
    /// so <c>*.yaml</c> also matches <c>sub/a.yaml</c>.
    /// </summary>
    DirectoryFilter = 0,

    /// <summary>
    /// Path globs as Argo CD expands Helm value files (the doublestar rules): <c>*</c>, <c>?</c> and classes stay
    /// within one path segment; <c>**</c> as a whole segment matches any number of folders, none included
    /// (<c>a/**/b.yaml</c> matches <c>a/b.yaml</c> and <c>a/x/y/b.yaml</c>).
    /// </summary>
    PathSegments = 1,
}
