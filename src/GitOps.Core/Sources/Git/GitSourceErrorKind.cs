namespace GitOps.Sources.Git;

/// <summary>Why a Git operation failed.</summary>
public enum GitSourceErrorKind
{
    /// <summary>The target revision names no branch, tag, commit or matching semver tag.</summary>
    UnknownRevision,

    /// <summary>The server refused the credentials, or wanted some and none were configured.</summary>
    AuthenticationFailed,

    /// <summary>There is no repository at the URL (HTTP 404, a missing local path).</summary>
    RepositoryNotFound,

    /// <summary>The server could not be reached or the transfer broke off.</summary>
    Network,

    /// <summary>The on-disk cache was damaged and could not be repaired by cloning again.</summary>
    CorruptCache,

    /// <summary>The URL's protocol is not available in the loaded libgit2 build (SSH in a build without it).</summary>
    UnsupportedProtocol,
}
