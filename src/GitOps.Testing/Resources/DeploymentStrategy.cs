using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Resources.Defaulting;
using GitOps.Testing.Resources.Validation;

namespace GitOps.Testing.Resources;

/// <summary>
/// apps/v1 Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600 and
/// pod template defaults; the selector is required, must match the template and cannot change.
/// </summary>
internal sealed class DeploymentStrategy : DefaultResourceStrategy
{
    public static new readonly DeploymentStrategy Instance = new();

    public override void Default(ResourceType type, JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        spec.SetIfMissing("replicas", 1);
        var strategy = spec.Ensure("strategy");
        strategy.SetIfEmpty("type", "RollingUpdate");
        if (strategy.GetString("type") == "RollingUpdate")
        {
            var rolling = strategy.Ensure("rollingUpdate");
            rolling.SetIfMissing("maxUnavailable", "25%");
            rolling.SetIfMissing("maxSurge", "25%");
        }

        spec.SetIfMissing("revisionHistoryLimit", 10);
        spec.SetIfMissing("progressDeadlineSeconds", 600);
        PodSpecDefaults.DefaultTemplate(spec.Child("template"));
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var spec = obj.Child("spec") ?? [];
        WorkloadValidation.NonNegative(spec, "replicas", "spec.replicas", causes);
        WorkloadValidation.Selector(spec, "deployment", causes);
        WorkloadValidation.PodSpec(spec.Child("template").Child("spec"), "spec.template.spec", causes);
        if (spec.Child("template").Child("spec")?.GetString("restartPolicy") is { } restart && restart != "Always")
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{restart}\": supported values: \"Always\"", "spec.template.spec.restartPolicy"));
        }

        if (old is not null)
        {
            WorkloadValidation.Immutable(spec["selector"], old.Child("spec")?["selector"], "spec.selector", causes);
        }

        return causes;
    }
}
