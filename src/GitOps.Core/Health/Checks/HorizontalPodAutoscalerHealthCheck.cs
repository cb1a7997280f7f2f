using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// <c>autoscaling/HorizontalPodAutoscaler</c>, after Argo CD's rule. The conditions come from
/// <c>status.conditions</c> (v2, v2beta1, v2beta2) or, for <c>autoscaling/v1</c>, from the JSON array in the
/// <c>autoscaling.alpha.kubernetes.io/conditions</c> annotation. Any condition whose type and reason mark a failure to
/// read the scale target or its metrics is Degraded; otherwise <c>AbleToScale=True</c> or <c>ScalingLimited=True</c>
/// is Healthy; otherwise Progressing.
/// </summary>
internal sealed class HorizontalPodAutoscalerHealthCheck : IHealthCheck
{
    /// <summary>The annotation in which autoscaling/v1 carries the v2 conditions.</summary>
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";

    public static readonly HorizontalPodAutoscalerHealthCheck Instance = new();

    private static readonly HealthStatus Waiting = HealthStatus.Progressing("Waiting to autoscale");

    public HealthStatus? Assess(ManifestObject live)
    {
        JsonArray? conditions;
        if (StringEquals(live.Root["apiVersion"], "autoscaling/v1"))
        {
            var annotation = live.GetAnnotation(ConditionsAnnotation);
            if (annotation is null)
            {
                return Waiting;
            }

            conditions = ParseAnnotation(annotation);
        }
        else
        {
            conditions = GetArray(live.Root, "status", "conditions");
        }

        if (conditions is null || conditions.Count == 0)
        {
            return Waiting;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var item = conditions[i];
            if (item is JsonObject condition && IsDegraded(condition))
            {
                return HealthStatus.Degraded(Text(condition, "message"));
            }
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var item = conditions[i];
            if (item is JsonObject condition && IsTrue(condition)
                && (StringEquals(condition["type"], "AbleToScale") || StringEquals(condition["type"], "ScalingLimited")))
            {
                return HealthStatus.Healthy(Text(condition, "message"));
            }
        }

        return Waiting;
    }

    private static JsonArray ParseAnnotation(string annotation)
    {
        try
        {
            return JsonNode.Parse(annotation) as JsonArray
                ?? throw new FormatException($"Annotation {ConditionsAnnotation} must be a JSON array.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Annotation {ConditionsAnnotation} is not valid JSON: {e.Message}", e);
        }
    }

    private static bool IsDegraded(JsonObject condition)
    {
        var type = condition["type"];
        var reason = condition["reason"];
        if (StringEquals(type, "AbleToScale"))
        {
            return StringEquals(reason, "FailedGetScale") || StringEquals(reason, "FailedUpdateScale");
        }

        return StringEquals(type, "ScalingActive")
            && (StringEquals(reason, "FailedGetResourceMetric")
                || StringEquals(reason, "FailedGetObjectMetric")
                || StringEquals(reason, "FailedGetPodsMetric")
                || StringEquals(reason, "FailedGetExternalMetric")
                || StringEquals(reason, "FailedComputeMetricsReplicas")
                || StringEquals(reason, "InvalidSelector"));
    }
}
