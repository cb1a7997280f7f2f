using System.Security.Cryptography;
using System.Text;
using GitOps.Caching;
using GitOps.Cluster;
using GitOps.Manifests;

namespace GitOps.Comparison;

// Server-side dry-run results (predicted live objects), as Argo CD's server-side diff caches them. A dry run's answer
// depends on the object applied and the live object it lands on, so the key holds the cluster, the field manager, a
// hash of the applied object and the live object's resourceVersion: any change to either makes a new dry run.
internal sealed class DryRunCache(long budgetBytes)
{
    private readonly ByteBudgetCache<string, ManifestObject> _cache = new(budgetBytes, StringComparer.Ordinal);

    public static string? Key(ClusterClient cluster, ManifestObject desired, ManifestObject live, string fieldManager)
    {
        if (live.Root["metadata"]?["resourceVersion"]?.GetValue<string>() is not { Length: > 0 } version)
        {
            return null;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(desired.Root.ToJsonString())));
        return $"{cluster.Server}\n{desired.Key}\n{fieldManager}\n{version}\n{hash}";
    }

    public bool TryGet(string key, out ManifestObject predicted)
    {
        if (_cache.TryGet(key, out var cached))
        {
            // Callers may change what they get; the cached copy stays as the server answered.
            predicted = cached.DeepClone();
            return true;
        }

        predicted = null!;
        return false;
    }

    // Weighed at twice its JSON length: a rough size of the node tree it keeps.
    public void Set(string key, ManifestObject predicted) => _cache.Set(key, predicted.DeepClone(), 2L * predicted.Root.ToJsonString().Length);
}
