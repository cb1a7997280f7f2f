using GitOps.Manifests;

namespace GitOps.Rendering;

/// <summary>An application could not be rendered.</summary>
public sealed class RenderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RenderException()
        : this("Render failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RenderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a place in a file.</summary>
    /// <param name="message">What went wrong, naming the place.</param>
    /// <param name="location">The file and line, when known.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RenderException(string message, SourceLocation? location, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
    }

    /// <summary>The file and line the error concerns, when known.</summary>
    public SourceLocation? Location { get; }
}
