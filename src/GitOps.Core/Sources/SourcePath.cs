namespace GitOps.Sources;

/// <summary>Normalizes and checks relative paths inside a source tree.</summary>
public static class SourcePath
{
    /// <summary>
    /// Normalizes a relative path: <c>\</c> becomes <c>/</c>, <c>.</c> segments and duplicate slashes go, <c>..</c>
    /// segments are resolved. The root is <c>""</c>.
    /// </summary>
    /// <param name="path">The path to normalize.</param>
    /// <returns>The normalized path, without leading or trailing slash.</returns>
    /// <exception cref="SourcePathException">The path is absolute or a <c>..</c> leaves the root.</exception>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var unified = path.Replace('\\', '/');
        if (unified.StartsWith('/') || (unified.Length >= 2 && unified[1] == ':' && char.IsAsciiLetter(unified[0])))
        {
            throw new SourcePathException(SourcePathError.OutsideRoot, $"Path '{path}' is absolute; only paths relative to the repository root are allowed.");
        }

        var segments = new List<string>();
        foreach (var segment in unified.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    throw new SourcePathException(SourcePathError.OutsideRoot, $"Path '{path}' leaves the repository root.");
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    /// <summary>Joins a directory and a relative path, then normalizes the result.</summary>
    /// <param name="directory">A normalized directory path.</param>
    /// <param name="relative">A path relative to it.</param>
    public static string Combine(string directory, string relative) =>
        Normalize(directory.Length == 0 ? relative : directory + "/" + relative);

    /// <summary>The directory part of a normalized path; <c>""</c> for a path at the root.</summary>
    /// <param name="path">A normalized path.</param>
    public static string GetDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>
    /// Resolves a symbolic link's target text against the directory holding the link.
    /// </summary>
    /// <param name="linkPath">The normalized path of the link.</param>
    /// <param name="target">The link's target text.</param>
    /// <returns>The normalized target path inside the tree.</returns>
    /// <exception cref="SourcePathException">The target is absolute or leaves the tree.</exception>
    public static string ResolveLink(string linkPath, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var unified = target.Replace('\\', '/');
        if (unified.StartsWith('/') || (unified.Length >= 2 && unified[1] == ':'))
        {
            throw new SourcePathException(
                SourcePathError.OutsideRoot, $"Symbolic link '{linkPath}' points to the absolute path '{target}', outside the repository root.");
        }

        try
        {
            return Combine(GetDirectory(linkPath), target);
        }
        catch (SourcePathException e)
        {
            throw new SourcePathException(SourcePathError.OutsideRoot, $"Symbolic link '{linkPath}' points to '{target}', outside the repository root.", e);
        }
    }
}
