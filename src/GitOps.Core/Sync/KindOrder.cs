namespace GitOps.Sync;

/// <summary>The order kinds are applied in within a wave: Helm's install order, which Argo CD uses; other kinds last.</summary>
internal static class KindOrder
{
    private static readonly string[] Order =
    [
        "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
        "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume",
        "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
        "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet",
        "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet",
        "Job", "CronJob", "IngressClass", "Ingress", "APIService",
    ];

    private static readonly Dictionary<string, int> Rank = Order.Select((kind, i) => (kind, i)).ToDictionary(p => p.kind, p => p.i);

    public static int Of(string kind) => Rank.TryGetValue(kind, out var rank) ? rank : Order.Length;
}
