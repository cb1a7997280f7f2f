using System.Text;
using GitOps.Manifests;
using GitOps.Rendering;

namespace GitOps.Renderers.Tools;

/// <summary>
/// Reads a tool's multi-document YAML output with the project's manifest model, keeping each document's order and
/// <c># Source:</c> comment as an Info diagnostic.
/// </summary>
internal static class ToolOutput
{
    private const string SourceComment = "# Source: ";

    /// <summary>Reads the objects of an output stream.</summary>
    /// <param name="reader">The manifest reader.</param>
    /// <param name="output">The tool's standard output.</param>
    /// <param name="producer">Names the output when a document has no source comment, such as <c>kustomize build app</c>.</param>
    /// <param name="mapSource">Maps a <c># Source:</c> path to a repository path, or returns it unchanged.</param>
    /// <param name="objects">Receives the objects.</param>
    /// <param name="diagnostics">Receives one Info diagnostic per object.</param>
    /// <exception cref="RenderException">A document is not a valid manifest.</exception>
    public static void Read(
        ManifestReader reader, byte[] output, string producer, Func<string, string> mapSource,
        List<ManifestObject> objects, List<RenderDiagnostic> diagnostics)
    {
        var text = Encoding.UTF8.GetString(output);
        var document = new StringBuilder();
        string? source = null;
        var index = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimEnd() == "---")
            {
                Flush();
                continue;
            }

            if (source is null && line.StartsWith(SourceComment, StringComparison.Ordinal))
            {
                source = mapSource(line[SourceComment.Length..].Trim());
            }

            document.Append(line).Append('\n');
        }

        Flush();

        void Flush()
        {
            var content = document.ToString();
            document.Clear();
            var file = source ?? producer;
            source = null;
            if (string.IsNullOrWhiteSpace(content))
            {
                return;
            }

            IReadOnlyList<ManifestObject> read;
            try
            {
                read = reader.Read(Encoding.UTF8.GetBytes(content), file);
            }
            catch (ManifestFormatException e)
            {
                throw new RenderException($"{producer} printed a document that is not a valid manifest: {e.Message}", e.Location ?? new SourceLocation(file), e);
            }

            foreach (var item in read)
            {
                objects.Add(item);
                diagnostics.Add(new RenderDiagnostic(
                    RenderDiagnosticSeverity.Info,
                    $"{item.Kind}/{item.Name} from {file}",
                    new SourceLocation(file, DocumentIndex: index)));
            }

            index++;
        }
    }
}
