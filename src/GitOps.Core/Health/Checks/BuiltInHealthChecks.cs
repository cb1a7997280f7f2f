namespace GitOps.Health.Checks;

/// <summary>The built-in checks by group and kind: Argo CD's Go checks plus its CronJob Lua rule.</summary>
internal static class BuiltInHealthChecks
{
    public static HealthCheckTable Table { get; } = new(
    [
        new("apps", "Deployment", DeploymentHealthCheck.Instance),
        new("apps", "StatefulSet", StatefulSetHealthCheck.Instance),
        new("apps", "DaemonSet", DaemonSetHealthCheck.Instance),
        new("apps", "ReplicaSet", ReplicaSetHealthCheck.Instance),
        new("", "Pod", PodHealthCheck.Instance),
        new("", "Service", ServiceHealthCheck.Instance),
        new("", "PersistentVolumeClaim", PersistentVolumeClaimHealthCheck.Instance),
        new("networking.k8s.io", "Ingress", IngressHealthCheck.Instance),
        new("extensions", "Ingress", IngressHealthCheck.Instance),
        new("batch", "Job", JobHealthCheck.Instance),
        new("batch", "CronJob", CronJobHealthCheck.Instance),
        new("apiregistration.k8s.io", "APIService", ApiServiceHealthCheck.Instance),
        new("autoscaling", "HorizontalPodAutoscaler", HorizontalPodAutoscalerHealthCheck.Instance),
        new("argoproj.io", "Workflow", ArgoWorkflowHealthCheck.Instance),
    ]);
}
