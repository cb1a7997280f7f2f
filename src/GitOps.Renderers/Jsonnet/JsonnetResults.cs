using System.Text.Json.Nodes;
using GitOps.Manifests;
using GitOps.Rendering;

namespace GitOps.Renderers.Jsonnet;

/// <summary>Turns a Jsonnet program's result (an object, an array of objects, or a Kubernetes List) into manifest objects.</summary>
internal static class JsonnetResults
{
    public static IReadOnlyList<ManifestObject> ToObjects(ManifestReader reader, JsonNode? result, string file)
    {
        var documents = result switch
        {
            JsonArray array => array.ToArray(),
            null => [],
            _ => [result],
        };

        var objects = new List<ManifestObject>();
        foreach (var document in documents)
        {
            if (document is null)
            {
                continue;
            }

            try
            {
                // The reader flattens a List (a top-level "items") as kubectl does.
                objects.AddRange(reader.Read(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()), file));
            }
            catch (ManifestFormatException e)
            {
                throw new RenderException($"{file}: the Jsonnet result is not a Kubernetes object: {e.Problem ?? e.Message}", new SourceLocation(file), e);
            }
        }

        return objects;
    }
}
