namespace GitOps.Sources;

/// <summary>What a path in a source tree is.</summary>
public enum SourceEntryKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link; reading it follows the link, but only to a target inside the tree.</summary>
    Symlink,

    /// <summary>A Git submodule (a commit of another repository); it has no readable content here.</summary>
    Submodule,
}
