namespace GitOps.Rendering;

/// <summary>How Jsonnet programs are evaluated (Argo CD's <c>directory.jsonnet</c>).</summary>
public sealed class JsonnetOptions
{
    /// <summary>External variables (<c>std.extVar</c>).</summary>
    public IList<JsonnetVariable> ExtVars { get; init; } = [];

    /// <summary>Top-level arguments passed to a program that is a function.</summary>
    public IList<JsonnetVariable> TopLevelArguments { get; init; } = [];

    /// <summary>Library paths relative to the repository root; the application folder is always searched first.</summary>
    public IList<string> LibraryPaths { get; init; } = [];
}
