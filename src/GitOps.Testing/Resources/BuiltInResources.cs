namespace GitOps.Testing.Resources;

/// <summary>The built-in kinds the emulator serves, with the discovery data of a real v1.33 server.</summary>
internal static class BuiltInResources
{
    public static IEnumerable<ResourceType> All(TimeProvider time, Storage.ObjectStore store)
    {
        // core/v1
        yield return Core("Namespace", "namespaces", false, ["ns"], status: true, label: true, generation: false) with { Strategy = NamespaceStrategy.Instance, PrinterColumns = [new("Status", "string", ".status.phase")] };
        yield return Core("ConfigMap", "configmaps", true, ["cm"], generation: false) with { Strategy = ConfigMapStrategy.Instance, PrinterColumns = [new("Data", "integer", "count:.data,.binaryData")] };
        yield return Core("Secret", "secrets", true, [], generation: false) with { Strategy = SecretStrategy.Instance, PrinterColumns = [new("Type", "string", ".type"), new("Data", "integer", "count:.data")] };
        yield return Core("Service", "services", true, ["svc"], ["all"], status: true, label: true, generation: false) with { Strategy = new ServiceStrategy(store) };
        yield return Core("ServiceAccount", "serviceaccounts", true, ["sa"], generation: false);
        yield return Core("Pod", "pods", true, ["po"], ["all"], status: true, generation: false) with { Strategy = PodStrategy.Instance };
        yield return Core("PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], status: true, generation: false) with { Strategy = PersistentVolumeClaimStrategy.Instance };
        yield return Core("PersistentVolume", "persistentvolumes", false, ["pv"], status: true, generation: false) with { Strategy = PersistentVolumeClaimStrategy.Instance };
        yield return Core("Node", "nodes", false, ["no"], status: true, generation: false);
        yield return Core("ReplicationController", "replicationcontrollers", true, ["rc"], ["all"], status: true) with { Scale = ScaleSubresource.BuiltIn };
        yield return Core("Endpoints", "endpoints", true, ["ep"], generation: false);
        yield return Core("Event", "events", true, ["ev"], generation: false);
        yield return Core("LimitRange", "limitranges", true, ["limits"], generation: false);
        yield return Core("ResourceQuota", "resourcequotas", true, ["quota"], status: true, generation: false);

        // apps/v1
        yield return Of("apps", "v1", "Deployment", "deployments", true, ["deploy"], ["all"], status: true) with { Strategy = DeploymentStrategy.Instance, Scale = ScaleSubresource.BuiltIn, PrinterColumns = ReplicaColumns };
        yield return Of("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], ["all"], status: true) with { Strategy = ReplicaSetStrategy.Instance, Scale = ScaleSubresource.BuiltIn };
        yield return Of("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], ["all"], status: true) with { Strategy = ReplicaSetStrategy.Instance, Scale = ScaleSubresource.BuiltIn };
        yield return Of("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], ["all"], status: true) with { Strategy = ReplicaSetStrategy.Instance };

        // batch/v1
        yield return Of("batch", "v1", "Job", "jobs", true, [], ["all"], status: true) with { Strategy = JobStrategy.Instance };
        yield return Of("batch", "v1", "CronJob", "cronjobs", true, ["cj"], ["all"], status: true) with { Strategy = CronJobStrategy.Instance };

        // networking.k8s.io/v1
        yield return Of("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"], [], status: true);
        yield return Of("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, [], []);
        yield return Of("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"], []);

        // rbac.authorization.k8s.io/v1
        yield return Of("rbac.authorization.k8s.io", "v1", "Role", "roles", true, [], [], generation: false);
        yield return Of("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, [], [], generation: false);
        yield return Of("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, [], [], generation: false);
        yield return Of("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, [], [], generation: false);

        // apiextensions.k8s.io/v1
        yield return Of("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], ["api-extensions"], status: true) with { Strategy = new CustomResourceDefinitionStrategy(time) };

        // coordination.k8s.io/v1
        yield return Of("coordination.k8s.io", "v1", "Lease", "leases", true, [], [], generation: false);

        // policy/v1
        yield return Of("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], [], status: true);

        // autoscaling/v2
        yield return Of("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], ["all"], status: true) with { Strategy = HorizontalPodAutoscalerStrategy.Instance };

        // storage.k8s.io/v1
        yield return Of("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"], [], generation: false);

        // admissionregistration.k8s.io/v1 (stored only: the emulator never calls webhooks)
        yield return Of("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, [], ["api-extensions"]);
        yield return Of("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, [], ["api-extensions"]);

        // apiregistration.k8s.io/v1
        yield return Of("apiregistration.k8s.io", "v1", "APIService", "apiservices", false, [], ["api-extensions"], status: true, generation: false);
    }

    /// <summary>Deployment columns: READY as ready/desired, UP-TO-DATE and AVAILABLE from status.</summary>
    private static readonly PrinterColumn[] ReplicaColumns =
    [
        new("Ready", "string", "ready:.status.readyReplicas/.spec.replicas"),
        new("Up-to-date", "integer", ".status.updatedReplicas"),
        new("Available", "integer", ".status.availableReplicas"),
    ];

    private static ResourceType Core(string kind, string plural, bool namespaced, string[] shortNames, string[]? categories = null, bool status = false, bool label = false, bool generation = true) =>
        Of(string.Empty, "v1", kind, plural, namespaced, shortNames, categories ?? [], status, label, generation);

    private static ResourceType Of(string group, string version, string kind, string plural, bool namespaced, string[] shortNames, string[] categories, bool status = false, bool label = false, bool generation = true) =>
        new()
        {
            Group = group,
            Version = version,
            Kind = kind,
            Plural = plural,
            Namespaced = namespaced,
            ShortNames = shortNames,
            Categories = categories,
            HasStatus = status,
            NameRule = label ? NameRule.Label : NameRule.Subdomain,
            TracksGeneration = generation,
        };
}
