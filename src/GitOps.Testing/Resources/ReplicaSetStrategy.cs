using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Resources.Defaulting;
using GitOps.Testing.Resources.Validation;

namespace GitOps.Testing.Resources;

/// <summary>
/// The selector-based workloads without rollout knobs of their own: ReplicaSet (replicas 1), StatefulSet
/// (replicas 1, OrderedReady, RollingUpdate partition 0, history 10, PVC retention Retain, claim templates
/// Filesystem) and DaemonSet (RollingUpdate maxUnavailable 1 / maxSurge 0, history 10); all default their pod
/// template, require a matching selector and keep it immutable.
/// </summary>
internal sealed class ReplicaSetStrategy : DefaultResourceStrategy
{
    public static new readonly ReplicaSetStrategy Instance = new();

    public override void Default(ResourceType type, JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        switch (type.Kind)
        {
            case "ReplicaSet":
                spec.SetIfMissing("replicas", 1);
                break;
            case "StatefulSet":
                spec.SetIfMissing("replicas", 1);
                spec.SetIfEmpty("podManagementPolicy", "OrderedReady");
                var update = spec.Ensure("updateStrategy");
                update.SetIfEmpty("type", "RollingUpdate");
                if (update.GetString("type") == "RollingUpdate")
                {
                    update.Ensure("rollingUpdate").SetIfMissing("partition", 0);
                }

                spec.SetIfMissing("revisionHistoryLimit", 10);
                var retention = spec.Ensure("persistentVolumeClaimRetentionPolicy");
                retention.SetIfEmpty("whenDeleted", "Retain");
                retention.SetIfEmpty("whenScaled", "Retain");
                foreach (var claim in spec.Items("volumeClaimTemplates"))
                {
                    claim.Ensure("spec").SetIfEmpty("volumeMode", "Filesystem");
                }

                break;
            case "DaemonSet":
                var strategy = spec.Ensure("updateStrategy");
                strategy.SetIfEmpty("type", "RollingUpdate");
                if (strategy.GetString("type") == "RollingUpdate")
                {
                    var rolling = strategy.Ensure("rollingUpdate");
                    rolling.SetIfMissing("maxUnavailable", 1);
                    rolling.SetIfMissing("maxSurge", 0);
                }

                spec.SetIfMissing("revisionHistoryLimit", 10);
                break;
        }

        PodSpecDefaults.DefaultTemplate(spec.Child("template"));
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var spec = obj.Child("spec") ?? [];
        WorkloadValidation.NonNegative(spec, "replicas", "spec.replicas", causes);
        WorkloadValidation.Selector(spec, type.Singular, causes);
        WorkloadValidation.PodSpec(spec.Child("template").Child("spec"), "spec.template.spec", causes);
        if (old is not null)
        {
            WorkloadValidation.Immutable(spec["selector"], old.Child("spec")?["selector"], "spec.selector", causes);
        }

        return causes;
    }
}
