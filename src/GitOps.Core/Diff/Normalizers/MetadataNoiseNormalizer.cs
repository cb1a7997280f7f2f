using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Diff.Normalizers;

/// <summary>
/// Drops the metadata the server writes and nobody declares: managed fields, resource version, uid, generation,
/// creation and deletion stamps, self link, the last-applied annotation; and empty label and annotation maps.
/// </summary>
internal sealed class MetadataNoiseNormalizer : IDiffNormalizer
{
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private static readonly string[] ServerFields =
    [
        "managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ];

    public static MetadataNoiseNormalizer Instance { get; } = new();

    public void Normalize(ResourceKey key, JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            return;
        }

        foreach (var field in ServerFields)
        {
            metadata.Remove(field);
        }

        if (metadata["annotations"] is JsonObject annotations)
        {
            annotations.Remove(LastAppliedAnnotation);
        }

        foreach (var map in new[] { "annotations", "labels" })
        {
            if (metadata[map] is JsonObject { Count: 0 } || (metadata.ContainsKey(map) && metadata[map] is null))
            {
                metadata.Remove(map);
            }
        }
    }
}
