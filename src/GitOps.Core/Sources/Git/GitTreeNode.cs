using LibGit2Sharp;

namespace GitOps.Sources.Git;

/// <summary>One entry of a Git tree object: its name, mode and object id.</summary>
/// <param name="Name">The entry's name within its tree.</param>
/// <param name="Mode">File, executable, directory, link or submodule.</param>
/// <param name="Id">The blob, tree or commit it names.</param>
internal readonly record struct GitTreeNode(string Name, Mode Mode, ObjectId Id);
