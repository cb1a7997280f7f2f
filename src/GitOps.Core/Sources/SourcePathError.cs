namespace GitOps.Sources;

/// <summary>Why a path in a source tree could not be used.</summary>
public enum SourcePathError
{
    /// <summary>The path is malformed or absolute.</summary>
    Invalid,

    /// <summary>Nothing is at the path.</summary>
    NotFound,

    /// <summary>A file was expected, something else is there.</summary>
    NotAFile,

    /// <summary>A directory was expected, something else is there.</summary>
    NotADirectory,

    /// <summary>The path, or a symbolic link on it, leads outside the tree's root.</summary>
    OutsideRoot,

    /// <summary>Symbolic links on the path form a loop or a chain too long to follow.</summary>
    TooManyLinks,
}
