using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Manifests.Yaml;

/// <summary>One document of a stream: its root (null for an empty or null document) and where it starts.</summary>
/// <param name="Root">The document's value.</param>
/// <param name="Line">The 1-based line of the root node.</param>
/// <param name="Column">The 1-based column of the root node.</param>
/// <param name="Index">The 0-based index of the document in the stream.</param>
/// <param name="ItemPositions">Where each item of the root's <c>items</c> sequence starts, by index, for lists.</param>
internal sealed record YamlDocument(
    JsonNode? Root,
    int Line,
    int Column,
    int Index,
    IReadOnlyList<(int Line, int Column)> ItemPositions)
{
    /// <summary>
    /// The document's value as parsed JSON, in place of <see cref="Root"/>, when it was read as JSON text: trees are
    /// made from it only for the objects handed out, and those stay unparsed until read.
    /// </summary>
    public JsonElement? Json { get; init; }
}
