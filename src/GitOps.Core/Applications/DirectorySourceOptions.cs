namespace GitOps.Applications;

/// <summary>Options of a plain-directory source (Argo CD's <c>source.directory</c>).</summary>
public sealed record DirectorySourceOptions
{
    /// <summary>Read sub-folders too.</summary>
    public bool Recurse { get; init; }

    /// <summary>A glob of files to read (Argo CD's syntax, <c>{a,b}</c> alternatives allowed), or <see langword="null"/> for all.</summary>
    public string? Include { get; init; }

    /// <summary>A glob of files to skip, or <see langword="null"/>.</summary>
    public string? Exclude { get; init; }

    /// <summary>Jsonnet options, or <see langword="null"/>.</summary>
    public JsonnetSourceOptions? Jsonnet { get; init; }
}
