using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Health;
using GitOps.Manifests;
using GitOps.Reconcile;

namespace GitOps.Dashboard.Resources;

/// <summary>
/// Builds an application's resource tree from the live cluster: its managed resources, and under each the objects
/// whose <c>metadata.ownerReferences</c> point at it (Deployment → ReplicaSet → Pod, CronJob → Job → Pod...).
/// </summary>
internal sealed class ResourceTreeBuilder(ClusterClient cluster, LiveStateCache? liveState)
{
    // The kinds controllers create for others; only these are listed to find children.
    private static readonly (string Group, string Kind)[] OwnedKinds =
    [
        ("apps", "ReplicaSet"), (string.Empty, "Pod"), ("batch", "Job"), ("apps", "ControllerRevision"), ("discovery.k8s.io", "EndpointSlice"),
    ];

    private const int MaxDepth = 6;

    public async Task<IReadOnlyList<ResourceNode>> BuildAsync(ApplicationStatus status, CancellationToken cancellationToken)
    {
        var roots = new List<(ApplicationResourceStatus Resource, ManifestObject? Live)>();
        foreach (var resource in status.Resources)
        {
            roots.Add((resource, await GetLiveAsync(resource, cancellationToken).ConfigureAwait(false)));
        }

        var namespaces = roots.Select(r => r.Live?.Namespace ?? string.Empty).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        var byOwner = await ListOwnedAsync(namespaces, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. roots.Select(r => new ResourceNode(
            r.Resource.Key, r.Resource.Health, r.Resource.Status, r.Live is not null,
            r.Live is null ? [] : ChildrenOf(r.Live, byOwner, seen, 1)))];
    }

    private static List<ResourceNode> ChildrenOf(ManifestObject owner, Dictionary<string, List<ManifestObject>> byOwner, HashSet<string> seen, int depth)
    {
        if (depth > MaxDepth || Uid(owner) is not { } uid || !seen.Add(uid) || !byOwner.TryGetValue(uid, out var children))
        {
            return [];
        }

        return [.. children
            .OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new ResourceNode(c.Key, HealthAssessor.Default.Assess(c), null, true, ChildrenOf(c, byOwner, seen, depth + 1)))];
    }

    private async Task<ManifestObject?> GetLiveAsync(ApplicationResourceStatus resource, CancellationToken cancellationToken)
    {
        var api = await cluster.Discovery.FindAsync(GroupVersionKind.FromApiVersion(resource.ApiVersion, resource.Key.Kind), cancellationToken).ConfigureAwait(false);
        if (api is null)
        {
            return null;
        }

        if (liveState is not null)
        {
            var all = await liveState.GetAsync(api, cancellationToken).ConfigureAwait(false);
            return all.FirstOrDefault(o => o.Name == resource.Key.Name && o.Namespace == resource.Key.Namespace);
        }

        return await cluster.GetAsync(api, api.Namespaced ? resource.Key.Namespace : null, resource.Key.Name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, List<ManifestObject>>> ListOwnedAsync(HashSet<string> namespaces, CancellationToken cancellationToken)
    {
        var byOwner = new Dictionary<string, List<ManifestObject>>(StringComparer.Ordinal);
        if (namespaces.Count == 0)
        {
            return byOwner;
        }

        var all = await cluster.Discovery.GetAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (group, kind) in OwnedKinds)
        {
            if (all.FirstOrDefault(r => r.Group == group && r.Kind == kind && r.Supports("list")) is not { } api)
            {
                continue;
            }

            var objects = new List<ManifestObject>();
            if (liveState is not null)
            {
                objects.AddRange((await liveState.GetAsync(api, cancellationToken).ConfigureAwait(false)).Where(o => namespaces.Contains(o.Namespace)));
            }
            else
            {
                foreach (var ns in namespaces)
                {
                    objects.AddRange((await cluster.ListAsync(api, ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items);
                }
            }

            foreach (var item in objects)
            {
                foreach (var ownerUid in OwnerUids(item))
                {
                    if (!byOwner.TryGetValue(ownerUid, out var list))
                    {
                        byOwner[ownerUid] = list = [];
                    }

                    list.Add(item);
                }
            }
        }

        return byOwner;
    }

    private static string? Uid(ManifestObject o) => o.Metadata?["uid"]?.GetValue<string>();

    private static IEnumerable<string> OwnerUids(ManifestObject o) =>
        (o.Metadata?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().Select(r => r["uid"]?.GetValue<string>()).OfType<string>();
}
