namespace GitOps.Manifests;

/// <summary>Where a manifest object was read from, for diagnostics.</summary>
/// <param name="File">The file's path relative to the source root, or a description such as <c>helm template</c>.</param>
/// <param name="Line">The 1-based line the object's document starts on; 0 when unknown.</param>
/// <param name="Column">The 1-based column; 0 when unknown.</param>
/// <param name="DocumentIndex">The 0-based index of the document in a multi-document stream.</param>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0, int DocumentIndex = 0)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
