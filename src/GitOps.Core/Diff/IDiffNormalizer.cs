using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Diff;

/// <summary>
/// Rewrites an object before it is compared, so that differences that don't matter disappear. Normalizers run on the
/// desired and the live object alike. Register custom ones with <c>AddDiffNormalizer</c> on the GitOps builder.
/// </summary>
public interface IDiffNormalizer
{
    /// <summary>Normalizes one object in place.</summary>
    /// <param name="key">The object's identity.</param>
    /// <param name="obj">The object's JSON tree, a private copy that may be changed freely.</param>
    void Normalize(ResourceKey key, JsonObject obj);
}
