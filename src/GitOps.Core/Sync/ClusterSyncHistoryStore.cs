using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;

namespace GitOps.Sync;

/// <summary>
/// Sync history stored in the cluster itself, one ConfigMap per application in a chosen namespace (the way Helm keeps
/// releases), so that every process and replica sees the same history. Writes use optimistic concurrency: a
/// conflicting writer retries on the fresh object.
/// </summary>
public sealed class ClusterSyncHistoryStore : ISyncHistoryStore
{
    private const string DataKey = "history.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ClusterClient _cluster;
    private readonly string _namespace;

    /// <summary>Creates the store.</summary>
    /// <param name="cluster">The cluster that holds the history.</param>
    /// <param name="namespace">The namespace of the history ConfigMaps (it must exist).</param>
    public ClusterSyncHistoryStore(ClusterClient cluster, string @namespace = "gitops-system")
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        _cluster = cluster;
        _namespace = @namespace;
    }

    /// <summary>The ConfigMap name that holds an application's history.</summary>
    /// <param name="applicationName">The application.</param>
    public static string ConfigMapName(string applicationName) => $"gitops-history-{applicationName}";

    /// <inheritdoc />
    public async Task<SyncHistoryEntry> AddAsync(string applicationName, SyncHistoryEntry entry, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var resource = await ConfigMapsAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = await _cluster.GetAsync(resource, _namespace, ConfigMapName(applicationName), cancellationToken).ConfigureAwait(false);
            var history = Read(current);
            var stored = entry with { Id = history.Count == 0 ? 1 : history[^1].Id + 1 };
            history.Add(stored);
            history.RemoveRange(0, Math.Max(0, history.Count - Math.Max(1, limit)));
            var data = JsonSerializer.Serialize(history, Json);
            try
            {
                if (current is null)
                {
                    var created = new ManifestObject(new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "ConfigMap",
                        ["metadata"] = new JsonObject
                        {
                            ["name"] = ConfigMapName(applicationName),
                            ["namespace"] = _namespace,
                            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "gitops-dotnet", ["gitops.dotnet/history-of"] = applicationName },
                        },
                        ["data"] = new JsonObject { [DataKey] = data },
                    });
                    await _cluster.CreateAsync(resource, created, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    current.Root["data"] = new JsonObject { [DataKey] = data };
                    await _cluster.ReplaceAsync(resource, current, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                return stored;
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
                // Another replica wrote first; read again and append to its version.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SyncHistoryEntry>> ListAsync(string applicationName, CancellationToken cancellationToken = default)
    {
        var resource = await ConfigMapsAsync(cancellationToken).ConfigureAwait(false);
        var current = await _cluster.GetAsync(resource, _namespace, ConfigMapName(applicationName), cancellationToken).ConfigureAwait(false);
        return Read(current);
    }

    private async Task<ApiResource> ConfigMapsAsync(CancellationToken cancellationToken) =>
        await _cluster.Discovery.FindAsync(new GroupVersionKind(string.Empty, "v1", "ConfigMap"), cancellationToken).ConfigureAwait(false)
        ?? throw new KubernetesApiException("The server does not serve ConfigMaps.");

    private static List<SyncHistoryEntry> Read(ManifestObject? configMap)
    {
        if (configMap?.Root["data"]?[DataKey]?.GetValue<string>() is not { Length: > 0 } text)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<SyncHistoryEntry>>(text, Json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The sync history in ConfigMap {configMap.Namespace}/{configMap.Name} is not readable: {e.Message}", e);
        }
    }
}
