namespace GitOps.Manifests;

/// <summary>Manifest text could not be read; the message names the file, line and column.</summary>
public sealed class ManifestFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManifestFormatException()
        : this("Invalid manifest.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public ManifestFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ManifestFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a place in a file.</summary>
    /// <param name="location">Where the problem is.</param>
    /// <param name="problem">What is wrong, without the location.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ManifestFormatException(SourceLocation location, string problem, Exception? innerException = null)
        : base($"{location}: {problem}", innerException)
    {
        Location = location;
        Problem = problem;
    }

    /// <summary>Where the problem is, when known.</summary>
    public SourceLocation? Location { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string? Problem { get; }
}
