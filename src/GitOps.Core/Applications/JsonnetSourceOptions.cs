using GitOps.Rendering;

namespace GitOps.Applications;

/// <summary>Jsonnet options of a directory source (Argo CD's <c>source.directory.jsonnet</c>).</summary>
public sealed record JsonnetSourceOptions
{
    /// <summary>External variables (<c>extVars</c>).</summary>
    public IReadOnlyList<JsonnetVariable> ExtVars { get; init; } = [];

    /// <summary>Top-level arguments (<c>tlas</c>).</summary>
    public IReadOnlyList<JsonnetVariable> TopLevelArguments { get; init; } = [];

    /// <summary>Library paths (<c>libs</c>).</summary>
    public IReadOnlyList<string> Libraries { get; init; } = [];
}
