using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Cli;

/// <summary>Writes manifests as YAML documents or a JSON list.</summary>
internal static class ManifestOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(TextWriter output, IReadOnlyList<ManifestObject> objects, string format, CancellationToken cancellationToken)
    {
        if (format == "json")
        {
            var list = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "List",
                ["items"] = new JsonArray(objects.Select(o => (JsonNode)o.Root.DeepClone()).ToArray()),
            };
            await output.WriteLineAsync(list.ToJsonString(Indented).AsMemory(), cancellationToken);
            return;
        }

        await output.WriteAsync(ManifestWriter.WriteAll(objects).AsMemory(), cancellationToken);
    }
}
