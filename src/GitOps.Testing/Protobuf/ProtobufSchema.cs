using System.Collections.Frozen;

namespace GitOps.Testing.Protobuf;

/// <summary>
/// Field numbers of the Kubernetes protobuf messages kubectl's typed commands send (<c>kubectl create namespace</c>,
/// <c>configmap</c>, <c>secret</c>, <c>serviceaccount</c>, <c>deployment</c>, <c>service</c>, <c>job</c>,
/// <c>cronjob</c>, <c>role</c>, <c>rolebinding</c>...), from the published API definitions. A spec line lists
/// <c>number name type</c>; <c>repeated</c> prefixes lists and a trailing <c>*</c> marks optional (pointer) fields
/// whose zero value is kept. Anything not listed is rejected rather than silently dropped.
/// </summary>
internal static class ProtobufSchema
{
    private static readonly Dictionary<string, string> Specs = new(StringComparer.Ordinal)
    {
        ["ObjectMeta"] = "1 name string; 2 generateName string; 3 namespace string; 4 selfLink string; 5 uid string; 6 resourceVersion string; 7 generation int64; 8 creationTimestamp Time; 9 deletionTimestamp Time; 10 deletionGracePeriodSeconds int64*; 11 labels map<string,string>; 12 annotations map<string,string>; 13 ownerReferences repeated OwnerReference; 14 finalizers repeated string",
        ["OwnerReference"] = "1 kind string; 3 name string; 4 uid string; 5 apiVersion string; 6 controller bool*; 7 blockOwnerDeletion bool*",
        ["LabelSelector"] = "1 matchLabels map<string,string>; 2 matchExpressions repeated LabelSelectorRequirement",
        ["LabelSelectorRequirement"] = "1 key string; 2 operator string; 3 values repeated string",
        ["Namespace"] = "1 metadata ObjectMeta; 2 spec NamespaceSpec; 3 status NamespaceStatus",
        ["NamespaceSpec"] = "1 finalizers repeated string",
        ["NamespaceStatus"] = "1 phase string; 2 conditions repeated NamespaceCondition",
        ["ConfigMap"] = "1 metadata ObjectMeta; 4 immutable bool*; 2 data map<string,string>; 3 binaryData map<string,bytes>",
        ["Secret"] = "1 metadata ObjectMeta; 5 immutable bool*; 2 data map<string,bytes>; 4 stringData map<string,string>; 3 type string",
        ["ServiceAccount"] = "1 metadata ObjectMeta; 2 secrets repeated ObjectReference; 3 imagePullSecrets repeated LocalObjectReference; 4 automountServiceAccountToken bool*",
        ["ObjectReference"] = "1 kind string; 2 namespace string; 3 name string; 4 uid string; 5 apiVersion string; 6 resourceVersion string; 7 fieldPath string",
        ["LocalObjectReference"] = "1 name string",
        ["Service"] = "1 metadata ObjectMeta; 2 spec ServiceSpec; 3 status ServiceStatus",
        ["ServiceSpec"] = "1 ports repeated ServicePort; 2 selector map<string,string>; 3 clusterIP string; 18 clusterIPs repeated string; 4 type string; 5 externalIPs repeated string; 7 sessionAffinity string; 8 loadBalancerIP string; 9 loadBalancerSourceRanges repeated string; 10 externalName string; 11 externalTrafficPolicy string; 12 healthCheckNodePort int32; 13 publishNotReadyAddresses bool; 14 sessionAffinityConfig SessionAffinityConfig; 19 ipFamilies repeated string; 17 ipFamilyPolicy string*; 20 allocateLoadBalancerNodePorts bool*; 21 loadBalancerClass string*; 22 internalTrafficPolicy string*; 23 trafficDistribution string*",
        ["ServicePort"] = "1 name string; 2 protocol string; 6 appProtocol string*; 3 port int32; 4 targetPort IntOrString; 5 nodePort int32",
        ["ServiceStatus"] = "1 loadBalancer LoadBalancerStatus; 2 conditions repeated Condition",
        ["LoadBalancerStatus"] = "1 ingress repeated LoadBalancerIngress",
        ["Deployment"] = "1 metadata ObjectMeta; 2 spec DeploymentSpec; 3 status DeploymentStatus",
        ["DeploymentSpec"] = "1 replicas int32*; 2 selector LabelSelector; 3 template PodTemplateSpec; 4 strategy DeploymentStrategy; 5 minReadySeconds int32; 6 revisionHistoryLimit int32*; 7 paused bool; 9 progressDeadlineSeconds int32*",
        ["DeploymentStrategy"] = "1 type string; 2 rollingUpdate RollingUpdateDeployment",
        ["RollingUpdateDeployment"] = "1 maxUnavailable IntOrString; 2 maxSurge IntOrString",
        ["DeploymentStatus"] = "1 observedGeneration int64; 2 replicas int32; 3 updatedReplicas int32; 7 readyReplicas int32; 4 availableReplicas int32; 5 unavailableReplicas int32; 9 terminatingReplicas int32; 6 conditions repeated DeploymentCondition; 8 collisionCount int32",
        ["PodTemplateSpec"] = "1 metadata ObjectMeta; 2 spec PodSpec",
        ["PodSpec"] = "1 volumes repeated Volume; 20 initContainers repeated Container; 2 containers repeated Container; 34 ephemeralContainers repeated EphemeralContainer; 3 restartPolicy string; 4 terminationGracePeriodSeconds int64*; 5 activeDeadlineSeconds int64*; 6 dnsPolicy string; 7 nodeSelector map<string,string>; 8 serviceAccountName string; 9 serviceAccount string; 21 automountServiceAccountToken bool*; 10 nodeName string; 11 hostNetwork bool; 12 hostPID bool; 13 hostIPC bool; 27 shareProcessNamespace bool*; 14 securityContext PodSecurityContext; 15 imagePullSecrets repeated LocalObjectReference; 16 hostname string; 17 subdomain string; 18 affinity Affinity; 19 schedulerName string; 22 tolerations repeated Toleration; 23 hostAliases repeated HostAlias; 24 priorityClassName string; 25 priority int32*; 26 dnsConfig PodDNSConfig; 28 readinessGates repeated PodReadinessGate; 29 runtimeClassName string*; 30 enableServiceLinks bool*; 31 preemptionPolicy string*; 32 overhead map<string,Quantity>; 33 topologySpreadConstraints repeated TopologySpreadConstraint; 35 setHostnameAsFQDN bool*; 36 os PodOS; 37 hostUsers bool*; 38 schedulingGates repeated PodSchedulingGate; 39 resourceClaims repeated PodResourceClaim; 40 resources ResourceRequirements; 41 hostnameOverride string*; 43 schedulingGroup PodSchedulingGroup; 44 evictionResponders repeated EvictionResponder",
        ["Container"] = "1 name string; 2 image string; 3 command repeated string; 4 args repeated string; 5 workingDir string; 6 ports repeated ContainerPort; 19 envFrom repeated EnvFromSource; 7 env repeated EnvVar; 8 resources ResourceRequirements; 23 resizePolicy repeated ContainerResizePolicy; 24 restartPolicy string*; 25 restartPolicyRules repeated ContainerRestartRule; 9 volumeMounts repeated VolumeMount; 21 volumeDevices repeated VolumeDevice; 10 livenessProbe Probe; 11 readinessProbe Probe; 22 startupProbe Probe; 12 lifecycle Lifecycle; 13 terminationMessagePath string; 20 terminationMessagePolicy string; 14 imagePullPolicy string; 15 securityContext SecurityContext; 16 stdin bool; 17 stdinOnce bool; 18 tty bool",
        ["ContainerPort"] = "1 name string; 2 hostPort int32; 3 containerPort int32; 4 protocol string; 5 hostIP string",
        ["EnvVar"] = "1 name string; 2 value string; 3 valueFrom EnvVarSource",
        ["ResourceRequirements"] = "1 limits map<string,Quantity>; 2 requests map<string,Quantity>",
        ["Job"] = "1 metadata ObjectMeta; 2 spec JobSpec; 3 status JobStatus",
        ["JobSpec"] = "1 parallelism int32*; 2 completions int32*; 3 activeDeadlineSeconds int64*; 11 podFailurePolicy PodFailurePolicy; 16 successPolicy SuccessPolicy; 7 backoffLimit int32*; 12 backoffLimitPerIndex int32*; 13 maxFailedIndexes int32*; 4 selector LabelSelector; 5 manualSelector bool*; 6 template PodTemplateSpec; 8 ttlSecondsAfterFinished int32*; 9 completionMode string*; 10 suspend bool*; 14 podReplacementPolicy string*; 15 managedBy string*; 17 scheduling JobSchedulingConfiguration",
        ["JobStatus"] = "1 conditions repeated JobCondition; 2 startTime Time; 3 completionTime Time; 4 active int32; 5 succeeded int32; 6 failed int32; 11 terminating int32*; 7 completedIndexes string; 10 failedIndexes string; 8 uncountedTerminatedPods UncountedTerminatedPods; 9 ready int32*",
        ["CronJob"] = "1 metadata ObjectMeta; 2 spec CronJobSpec; 3 status CronJobStatus",
        ["CronJobSpec"] = "1 schedule string; 8 timeZone string*; 2 startingDeadlineSeconds int64*; 3 concurrencyPolicy string; 4 suspend bool*; 5 jobTemplate JobTemplateSpec; 6 successfulJobsHistoryLimit int32*; 7 failedJobsHistoryLimit int32*",
        ["JobTemplateSpec"] = "1 metadata ObjectMeta; 2 spec JobSpec",
        ["CronJobStatus"] = "1 active repeated ObjectReference; 4 lastScheduleTime Time; 5 lastSuccessfulTime Time",
        ["Role"] = "1 metadata ObjectMeta; 2 rules repeated PolicyRule",
        ["ClusterRole"] = "1 metadata ObjectMeta; 2 rules repeated PolicyRule; 3 aggregationRule AggregationRule",
        ["AggregationRule"] = "1 clusterRoleSelectors repeated LabelSelector",
        ["PolicyRule"] = "1 verbs repeated string; 2 apiGroups repeated string; 3 resources repeated string; 4 resourceNames repeated string; 5 nonResourceURLs repeated string",
        ["RoleBinding"] = "1 metadata ObjectMeta; 2 subjects repeated Subject; 3 roleRef RoleRef",
        ["ClusterRoleBinding"] = "1 metadata ObjectMeta; 2 subjects repeated Subject; 3 roleRef RoleRef",
        ["Subject"] = "1 kind string; 2 apiGroup string; 3 name string; 4 namespace string",
        ["RoleRef"] = "1 apiGroup string; 2 kind string; 3 name string",
        ["DeleteOptions"] = "1 gracePeriodSeconds int64*; 2 preconditions Preconditions; 3 orphanDependents bool*; 4 propagationPolicy string*; 5 dryRun repeated string; 6 ignoreStoreReadErrorWithClusterBreakingPotential bool*",
        ["Preconditions"] = "1 uid string*; 2 resourceVersion string*",
    };

    /// <summary>The root message of each apiVersion/kind the decoder accepts.</summary>
    private static readonly FrozenSet<string> Roots = new[]
    {
        "v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/ServiceAccount", "v1/Service", "apps/v1/Deployment", "batch/v1/Job", "batch/v1/CronJob",
        "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/RoleBinding", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
        "meta.k8s.io/v1/DeleteOptions", "v1/DeleteOptions",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FrozenDictionary<int, ProtobufField>> Messages = Specs.ToFrozenDictionary(
        p => p.Key,
        p => p.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToFrozenDictionary(f => f.Number),
        StringComparer.Ordinal);

    public static bool IsRoot(string apiVersion, string kind) => Roots.Contains($"{apiVersion}/{kind}");

    public static FrozenDictionary<int, ProtobufField>? Message(string name) => Messages.GetValueOrDefault(name);

    private static ProtobufField Parse(string spec)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var repeated = parts[2] == "repeated";
        var type = repeated ? parts[3] : parts[2];
        var pointer = type.EndsWith('*');
        return new ProtobufField(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1], type.TrimEnd('*'), repeated, pointer);
    }
}
