using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Reconcile;
using GitOps.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps.Cli.Hosting;

/// <summary>
/// One application and one cluster, with the SDK wired for them. Sync history lives in the cluster
/// (<see cref="ClusterSyncHistoryStore"/>), so that <c>history</c> and <c>rollback</c> see what earlier runs did.
/// </summary>
internal sealed class AppSession : IAsyncDisposable
{
    private readonly CliHost _host;

    public AppSession(Application application, ClusterClient cluster, string historyNamespace, Action<IServiceCollection>? configure)
    {
        Application = application;
        Cluster = cluster;
        HistoryNamespace = historyNamespace;
        _host = CliHost.Create(cluster, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<ISyncHistoryStore>(new ClusterSyncHistoryStore(cluster, historyNamespace)));
            configure?.Invoke(services);
        });
    }

    public Application Application { get; }

    public ClusterClient Cluster { get; }

    public string HistoryNamespace { get; }

    public ApplicationReconciler Reconciler => _host.Get<ApplicationReconciler>();

    /// <summary>The reconcile context: this cluster, and never an automated sync (the commands decide what to do).</summary>
    public ReconcileContext Context => new() { Cluster = Cluster, DeferSync = true };

    public async Task<IReadOnlyList<SyncHistoryEntry>> HistoryAsync(CancellationToken cancellationToken) =>
        await _host.Get<ISyncHistoryStore>().ListAsync(ApplicationReconciler.TrackingName(Application), cancellationToken);

    /// <summary>Creates the history namespace when missing: the history store writes its ConfigMaps there.</summary>
    public async Task EnsureHistoryNamespaceAsync(CancellationToken cancellationToken)
    {
        var namespaces = await Cluster.Discovery.FindAsync(new GroupVersionKind(string.Empty, "v1", "Namespace"), cancellationToken)
            ?? throw new InvalidOperationException("The cluster does not serve Namespaces.");
        if (await Cluster.GetAsync(namespaces, null, HistoryNamespace, cancellationToken) is null)
        {
            var created = new ManifestObject(new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = HistoryNamespace },
            });
            await Cluster.CreateAsync(namespaces, created, cancellationToken: cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Cluster.Dispose();
    }
}
