using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Diff.Normalizers;

/// <summary>Drops <c>status</c>: the cluster reports it, Git does not declare it.</summary>
internal sealed class StatusNormalizer : IDiffNormalizer
{
    public static StatusNormalizer Instance { get; } = new();

    public void Normalize(ResourceKey key, JsonObject obj) => obj.Remove("status");
}
