using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;

namespace GitOps.Testing.Resources;

/// <summary>
/// autoscaling/v2 HorizontalPodAutoscaler, as the v2 defaulter and validation do: <c>minReplicas</c> 1, CPU at 80 %
/// utilization when no metric is given, and a given <c>behavior</c> completed with the default scaling rules;
/// a scale target kind and name, <c>minReplicas</c> at least 1 and <c>maxReplicas</c> at least 1 and not below it.
/// </summary>
internal sealed class HorizontalPodAutoscalerStrategy : DefaultResourceStrategy
{
    public static new readonly HorizontalPodAutoscalerStrategy Instance = new();

    public override void Default(ResourceType type, JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        spec.SetIfMissing("minReplicas", 1);
        if (spec["metrics"] is not JsonArray { Count: > 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80 },
                },
            });
        }

        if (spec.Child("behavior") is { } behavior)
        {
            // Scale-up: no stabilization, the larger of 4 pods or 100 % per 15 s. Scale-down: 100 % per 15 s; its
            // stabilization window stays unset (the controller's own flag decides it).
            var up = behavior.Ensure("scaleUp");
            up.SetIfMissing("stabilizationWindowSeconds", 0);
            up.SetIfMissing("selectPolicy", "Max");
            up.SetIfMissing("policies", new JsonArray(Policy("Pods", 4), Policy("Percent", 100)));
            var down = behavior.Ensure("scaleDown");
            down.SetIfMissing("selectPolicy", "Max");
            down.SetIfMissing("policies", new JsonArray(Policy("Percent", 100)));
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var spec = obj.Child("spec") ?? [];
        var target = spec.Child("scaleTargetRef");
        if (string.IsNullOrEmpty(target?.GetString("kind")))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.scaleTargetRef.kind"));
        }

        if (string.IsNullOrEmpty(target?.GetString("name")))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.scaleTargetRef.name"));
        }

        var min = spec.GetLong("minReplicas");
        var max = spec.GetLong("maxReplicas");
        if (min is < 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {min}: must be greater than or equal to 1", "spec.minReplicas"));
        }

        if (max is null or < 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {max ?? 0}: must be greater than 0", "spec.maxReplicas"));
        }
        else if (min is { } m && max < m)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {max}: must be greater than or equal to `minReplicas`", "spec.maxReplicas"));
        }

        return causes;
    }

    private static JsonObject Policy(string type, int value) => new() { ["type"] = type, ["value"] = value, ["periodSeconds"] = 15 };
}
