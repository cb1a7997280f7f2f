using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Cluster;

/// <summary>
/// The resource types a cluster serves, read from discovery once and cached; a kind that is not found triggers one
/// refresh (a CRD may have just been created) before it is reported missing.
/// </summary>
public sealed class ApiDiscovery
{
    private readonly ClusterClient _client;
    private readonly Lock _gate = new();
    private volatile Snapshot? _snapshot;
    private Task<Snapshot>? _loading;

    internal ApiDiscovery(ClusterClient client) => _client = client;

    /// <summary>Finds the resource type of a group, version and kind.</summary>
    /// <param name="gvk">The group, version and kind.</param>
    /// <param name="cancellationToken">Cancels discovery requests.</param>
    /// <returns>The resource type, or <see langword="null"/> when the server does not serve it.</returns>
    public async ValueTask<ApiResource?> FindAsync(GroupVersionKind gvk, CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot ?? await RefreshAsync(null, cancellationToken).ConfigureAwait(false);
        if (snapshot.ByGvk.TryGetValue(gvk, out var resource))
        {
            return resource;
        }

        snapshot = await RefreshAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return snapshot.ByGvk.GetValueOrDefault(gvk);
    }

    /// <summary>Finds the resource type of an object.</summary>
    /// <param name="manifest">The object.</param>
    /// <param name="cancellationToken">Cancels discovery requests.</param>
    /// <exception cref="KubernetesApiException">The server does not serve the object's kind.</exception>
    public async ValueTask<ApiResource> GetAsync(ManifestObject manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return await FindAsync(manifest.GroupVersionKind, cancellationToken).ConfigureAwait(false)
            ?? throw new KubernetesApiException(
                System.Net.HttpStatusCode.NotFound, "NotFound",
                $"The server does not serve {manifest.GroupVersionKind} (object {manifest}); is its CRD installed?");
    }

    /// <summary>Every resource type served, in the preferred version of each group first.</summary>
    /// <param name="cancellationToken">Cancels discovery requests.</param>
    public async ValueTask<IReadOnlyList<ApiResource>> GetAllAsync(CancellationToken cancellationToken = default) =>
        (_snapshot ?? await RefreshAsync(null, cancellationToken).ConfigureAwait(false)).All;

    /// <summary>The server's Kubernetes version, such as <c>v1.33.0</c>.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async ValueTask<string> GetServerVersionAsync(CancellationToken cancellationToken = default) =>
        (_snapshot ?? await RefreshAsync(null, cancellationToken).ConfigureAwait(false)).ServerVersion;

    /// <summary>Forgets the cache; the next lookup reads discovery again.</summary>
    public void Invalidate() => _snapshot = null;

    private async Task<Snapshot> RefreshAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        Task<Snapshot> loading;
        lock (_gate)
        {
            // Another caller may have refreshed since this one looked; concurrent callers share one load.
            if (_snapshot is { } current && !ReferenceEquals(current, seen))
            {
                return current;
            }

            loading = _loading ??= LoadAsync();
        }

        try
        {
            return await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_loading, loading) && loading.IsCompleted)
                {
                    _loading = null;
                }
            }
        }
    }

    // Runs without any one caller's token: a caller giving up must not fail the others waiting on the same load.
    private async Task<Snapshot> LoadAsync()
    {
        var cancellationToken = CancellationToken.None;
        var version = await _client.SendAsync(HttpMethod.Get, "/version", null, cancellationToken).ConfigureAwait(false);
        var all = new List<ApiResource>();
        var core = await _client.SendAsync(HttpMethod.Get, "/api/v1", null, cancellationToken).ConfigureAwait(false);
        AddResources(all, string.Empty, "v1", core);

        var groups = await _client.SendAsync(HttpMethod.Get, "/apis", null, cancellationToken).ConfigureAwait(false);
        foreach (var group in (groups?["groups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = group["name"]!.GetValue<string>();
            var preferred = group["preferredVersion"]?["version"]?.GetValue<string>();
            var versions = (group["versions"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(v => v["version"]!.GetValue<string>())
                .OrderBy(v => v == preferred ? 0 : 1)
                .ToList();
            foreach (var groupVersion in versions)
            {
                var list = await _client.SendAsync(HttpMethod.Get, $"/apis/{name}/{groupVersion}", null, cancellationToken).ConfigureAwait(false);
                AddResources(all, name, groupVersion, list);
            }
        }

        var snapshot = new Snapshot(all, version?["gitVersion"]?.GetValue<string>() ?? "unknown");
        _snapshot = snapshot;
        return snapshot;
    }

    private static void AddResources(List<ApiResource> all, string group, string version, JsonNode? list)
    {
        foreach (var resource in (list?["resources"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = resource["name"]!.GetValue<string>();
            if (name.Contains('/', StringComparison.Ordinal))
            {
                continue; // subresources such as deployments/status
            }

            var verbs = (resource["verbs"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToArray();
            all.Add(new ApiResource(group, version, resource["kind"]!.GetValue<string>(), name, resource["namespaced"]?.GetValue<bool>() == true, verbs));
        }
    }

    private sealed class Snapshot(List<ApiResource> all, string serverVersion)
    {
        public IReadOnlyList<ApiResource> All { get; } = all;

        public string ServerVersion { get; } = serverVersion;

        public Dictionary<GroupVersionKind, ApiResource> ByGvk { get; } = all
            .GroupBy(r => r.GroupVersionKind)
            .ToDictionary(g => g.Key, g => g.First());
    }
}
