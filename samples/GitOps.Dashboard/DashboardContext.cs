using GitOps.Cluster;
using GitOps.Reconcile;

namespace GitOps.Dashboard;

/// <summary>What the dashboard's endpoints work with.</summary>
internal sealed record DashboardContext(
    DashboardOptions Options, ReconcileLoop Loop, IApplicationStatusStore Statuses, ClusterClient Cluster, LiveStateCache? LiveState);
