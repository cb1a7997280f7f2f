using System.Text.Json.Nodes;
using GitOps.Sources;

namespace GitOps.Rendering;

/// <summary>
/// Evaluates one Jsonnet file of a source tree. The directory renderer uses it for <c>*.jsonnet</c> files when
/// one is registered.
/// </summary>
public interface IJsonnetEvaluator
{
    /// <summary>Evaluates a file to JSON.</summary>
    /// <param name="source">The files of the revision.</param>
    /// <param name="file">The Jsonnet file's path relative to the root.</param>
    /// <param name="applicationPath">The application folder, always on the library path.</param>
    /// <param name="options">Variables, arguments and library paths.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The program's JSON result.</returns>
    /// <exception cref="RenderException">The program fails; the message names file and line.</exception>
    ValueTask<JsonNode?> EvaluateAsync(
        ISourceTree source, string file, string applicationPath, JsonnetOptions options, CancellationToken cancellationToken = default);
}
