namespace GitOps.Sources.Git;

/// <summary>
/// A Git source could not be fetched or a revision could not be resolved. The message names the repository (never
/// with credentials), the revision and the cause.
/// </summary>
public sealed class GitSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GitSourceException()
        : this("Git source operation failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public GitSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public GitSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a repository and revision.</summary>
    /// <param name="kind">Why it failed.</param>
    /// <param name="repository">The repository URL without credentials.</param>
    /// <param name="revision">The target revision, when one was involved.</param>
    /// <param name="message">What went wrong, naming the repository and revision.</param>
    /// <param name="innerException">The cause, with credentials already removed.</param>
    public GitSourceException(GitSourceErrorKind kind, string repository, string? revision, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Repository = repository;
        Revision = revision;
    }

    /// <summary>Why it failed.</summary>
    public GitSourceErrorKind Kind { get; }

    /// <summary>The repository URL without credentials; empty when not known.</summary>
    public string Repository { get; } = string.Empty;

    /// <summary>The target revision involved, if any.</summary>
    public string? Revision { get; }
}
