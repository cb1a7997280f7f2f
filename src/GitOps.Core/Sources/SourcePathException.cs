namespace GitOps.Sources;

/// <summary>A path inside a source tree is invalid, missing, of the wrong kind or leaves the tree's root.</summary>
public sealed class SourcePathException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SourcePathException()
        : this("Invalid source path.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the path.</param>
    public SourcePathException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong, naming the path.</param>
    /// <param name="innerException">The cause.</param>
    public SourcePathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a reason and a message.</summary>
    /// <param name="error">Why the path could not be used.</param>
    /// <param name="message">What is wrong, naming the path.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SourcePathException(SourcePathError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Why the path could not be used.</summary>
    public SourcePathError Error { get; } = SourcePathError.Invalid;
}
