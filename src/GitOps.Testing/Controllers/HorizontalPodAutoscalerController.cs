using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// The horizontal pod autoscaler, without a metrics server: every metric is taken to be at its target, so the
/// recommendation is the target's current replica count, which is then held between <c>minReplicas</c> (default 1)
/// and <c>maxReplicas</c>. A target outside those bounds is scaled to the nearest bound through its <c>/scale</c>
/// subresource, as the real controller does. Status and conditions follow the real controller's: AbleToScale
/// (ReadyForNewScale, SucceededRescale, or False FailedGetScale when the target cannot be read), ScalingActive
/// (ValidMetricFound, or False ScalingDisabled when the target has zero replicas) and ScalingLimited.
/// </summary>
internal sealed class HorizontalPodAutoscalerController : IController
{
    public const string Autoscalers = "horizontalpodautoscalers.autoscaling";

    public string GroupResource => Autoscalers;

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var oldStatus = obj.Child("status");
        var target = spec.Child("scaleTargetRef") ?? [];
        var kind = target.GetString("kind") ?? string.Empty;
        var name = target.GetString("name") ?? string.Empty;
        var minReplicas = spec.GetLong("minReplicas") ?? 1;
        var maxReplicas = spec.GetLong("maxReplicas") ?? 0;
        var conditions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var kept in oldStatus.Items("conditions"))
        {
            conditions[kept.GetString("type") ?? string.Empty] = kept.DeepCloneObject();
        }

        var status = new JsonObject
        {
            ["observedGeneration"] = obj.Metadata()["generation"]?.DeepClone(),
            ["currentReplicas"] = oldStatus.GetLong("currentReplicas") ?? 0,
            ["desiredReplicas"] = oldStatus.GetLong("desiredReplicas") ?? 0,
        };
        if (oldStatus?["lastScaleTime"] is { } lastScale)
        {
            status["lastScaleTime"] = lastScale.DeepClone();
        }

        var type = context.ScalableType(target.GetString("apiVersion") ?? string.Empty, kind);
        JsonObject? scale = null;
        string? failure = null;
        if (type is null)
        {
            failure = $"no matches for kind \"{kind}\" in group \"{Group(target.GetString("apiVersion"))}\"";
        }
        else
        {
            try
            {
                scale = context.GetScale(type, obj.Namespace(), name);
            }
            catch (ApiException e)
            {
                failure = e.Message;
            }
        }

        if (scale is null)
        {
            conditions["AbleToScale"] = context.Condition(oldStatus, "AbleToScale", false, "FailedGetScale", $"the HPA controller was unable to get the target's current scale: {failure}");
            Finish(context, obj, status, conditions);
            return;
        }

        var current = scale.Child("spec").GetLong("replicas") ?? 0;
        status["currentReplicas"] = current;
        if (current == 0 && minReplicas != 0)
        {
            status["desiredReplicas"] = 0;
            conditions["ScalingActive"] = context.Condition(oldStatus, "ScalingActive", false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
            Finish(context, obj, status, conditions);
            return;
        }

        conditions["ScalingActive"] = context.Condition(oldStatus, "ScalingActive", true, "ValidMetricFound", $"the HPA was able to successfully calculate a replica count from {MetricName(spec)}");
        var desired = Math.Clamp(current, Math.Min(minReplicas, maxReplicas), maxReplicas);
        status["desiredReplicas"] = desired;
        if (desired == current)
        {
            conditions["AbleToScale"] = context.Condition(oldStatus, "AbleToScale", true, "ReadyForNewScale", "recommended size matches current size");
            conditions["ScalingLimited"] = context.Condition(oldStatus, "ScalingLimited", false, "DesiredWithinRange", "the desired count is within the acceptable range");
            Finish(context, obj, status, conditions);
            return;
        }

        context.SetScale(type!, obj.Namespace(), name, desired);
        status["lastScaleTime"] = context.Now();
        conditions["AbleToScale"] = context.Condition(oldStatus, "AbleToScale", true, "SucceededRescale", string.Create(CultureInfo.InvariantCulture, $"the HPA controller was able to update the target scale to {desired}"));
        conditions["ScalingLimited"] = desired > current
            ? context.Condition(oldStatus, "ScalingLimited", true, "TooFewReplicas", "the desired replica count is less than the minimum replica count")
            : context.Condition(oldStatus, "ScalingLimited", true, "TooManyReplicas", "the desired replica count is more than the maximum replica count");
        Finish(context, obj, status, conditions);
    }

    private static void Finish(ControllerContext context, JsonObject obj, JsonObject status, Dictionary<string, JsonObject> conditions)
    {
        // The real controller's order: AbleToScale, ScalingActive, ScalingLimited.
        var ordered = new JsonArray();
        foreach (var type in new[] { "AbleToScale", "ScalingActive", "ScalingLimited" })
        {
            if (conditions.TryGetValue(type, out var condition))
            {
                ordered.Add(condition);
            }
        }

        status["conditions"] = ordered;
        context.SetStatus(Autoscalers, obj, status);
    }

    private static string Group(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash < 0 ? string.Empty : apiVersion![..slash];
    }

    /// <summary>How the real controller names the metric it used, for the first metric of the spec (CPU utilization when none is given).</summary>
    private static string MetricName(JsonObject spec)
    {
        var metric = spec.Items("metrics").FirstOrDefault();
        if (metric is null)
        {
            return "cpu resource utilization (percentage of request)";
        }

        var type = metric.GetString("type") ?? string.Empty;
        return type switch
        {
            "Resource" or "ContainerResource" => metric.Child(type == "Resource" ? "resource" : "containerResource") is { } r
                ? $"{r.GetString("name")} {(type == "Resource" ? "resource" : "container resource")}{(r.Child("target")?.GetString("type") == "Utilization" ? " utilization (percentage of request)" : string.Empty)}"
                : "resource",
            "Pods" => $"pods metric {metric.Child("pods").Child("metric")?.GetString("name")}",
            "Object" => $"{metric.Child("object").Child("metric")?.GetString("name")} metric",
            "External" => $"external metric {metric.Child("external").Child("metric")?.GetString("name")}",
            _ => type,
        };
    }
}
