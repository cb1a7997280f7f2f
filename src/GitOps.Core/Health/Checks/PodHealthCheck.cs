using System.Text.Json.Nodes;
using GitOps.Manifests;
using static GitOps.Health.JsonFields;

namespace GitOps.Health.Checks;

/// <summary>
/// Core <c>Pod</c>, after Argo CD's rule. For long-running Pods (restart policy Always, or the ignore-restart-policy
/// annotation on a non-hook Pod) a container waiting with a reason starting with <c>Err</c> or ending with
/// <c>Error</c> or <c>BackOff</c> is Degraded. Then by phase: Pending is Progressing, Succeeded Healthy, Failed
/// Degraded; Running is Healthy when Ready, Degraded when a container has terminated before, otherwise Progressing.
/// A running Pod that is meant to finish (Never, OnFailure) stays Progressing until it succeeds.
/// </summary>
/// <remarks>
/// A missing <c>spec.restartPolicy</c> counts as Always, the API server's default. Where Argo CD's message would be
/// empty this check names the container and reason instead.
/// </remarks>
internal sealed class PodHealthCheck : IHealthCheck
{
    public static readonly PodHealthCheck Instance = new();

    public HealthStatus? Assess(ManifestObject live)
    {
        var status = GetObject(live.Root, "status");
        var policy = FindString(live.Root, "spec", "restartPolicy");
        var finite = StringEquals(policy, "Never") || StringEquals(policy, "OnFailure");
        var longRunning = policy is null
            || StringEquals(policy, "Always")
            || (live.GetAnnotation(HealthAnnotations.IgnoreRestartPolicy) == "true" && !HealthAnnotations.IsHook(live));
        var containers = GetArray(live.Root, "status", "containerStatuses");
        var statusMessage = GetString(live.Root, "status", "message") ?? string.Empty;

        if (longRunning && WaitingInError(containers) is { } waitingMessage)
        {
            return HealthStatus.Degraded(waitingMessage);
        }

        var phase = FindString(live.Root, "status", "phase");
        if (StringEquals(phase, "Pending"))
        {
            return HealthStatus.Progressing(statusMessage);
        }

        if (StringEquals(phase, "Succeeded"))
        {
            return HealthStatus.Healthy(statusMessage);
        }

        if (StringEquals(phase, "Failed"))
        {
            return HealthStatus.Degraded(statusMessage.Length > 0 ? statusMessage : FailureMessage(live.Root));
        }

        if (StringEquals(phase, "Running") && longRunning)
        {
            if (IsTrue(FindCondition(status, "Ready")))
            {
                return HealthStatus.Healthy(statusMessage);
            }

            return RestartedContainer(containers) is { } restarted
                ? HealthStatus.Degraded(statusMessage.Length > 0 ? statusMessage : restarted)
                : HealthStatus.Progressing(statusMessage.Length > 0 ? statusMessage : "Waiting for the pod to be ready");
        }

        if (StringEquals(phase, "Running") && finite)
        {
            // Pods meant to finish are mostly hooks: healthy only once they succeed.
            return HealthStatus.Progressing(statusMessage);
        }

        return HealthStatus.Unknown(statusMessage);
    }

    private static string? WaitingInError(JsonArray? containers)
    {
        if (containers is null)
        {
            return null;
        }

        string? message = null;
        for (var i = 0; i < containers.Count; i++)
        {
            var item = containers[i];
            if (item is not JsonObject container || ObjectAt(container, "state", "waiting") is not { } waiting)
            {
                continue;
            }

            var reason = Text(waiting, "reason");
            if (reason.StartsWith("Err", StringComparison.Ordinal)
                || reason.EndsWith("Error", StringComparison.Ordinal)
                || reason.EndsWith("BackOff", StringComparison.Ordinal))
            {
                var text = Text(waiting, "message");
                if (text.Length == 0)
                {
                    text = $"container \"{Text(container, "name")}\" is waiting: {reason}";
                }

                message = message is null ? text : $"{message}, {text}";
            }
        }

        return message;
    }

    private static string FailureMessage(JsonObject root)
    {
        foreach (var field in (ReadOnlySpan<string>)["initContainerStatuses", "containerStatuses"])
        {
            if (GetArray(root, "status", field) is not { } containers)
            {
                continue;
            }

            for (var i = 0; i < containers.Count; i++)
            {
                var item = containers[i];
                if (item is not JsonObject container || ObjectAt(container, "state", "terminated") is not { } terminated)
                {
                    continue;
                }

                var message = Text(terminated, "message");
                if (message.Length > 0)
                {
                    return message;
                }

                if (Text(terminated, "reason") == "OOMKilled")
                {
                    return "OOMKilled";
                }

                if (Number(terminated, "exitCode") is { } exitCode and not 0)
                {
                    return $"container \"{Text(container, "name")}\" failed with exit code {exitCode}";
                }
            }
        }

        return string.Empty;
    }

    private static string? RestartedContainer(JsonArray? containers)
    {
        if (containers is null)
        {
            return null;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            var item = containers[i];
            if (item is JsonObject container && ObjectAt(container, "lastState", "terminated") is { } terminated)
            {
                var reason = Text(terminated, "reason");
                return $"container \"{Text(container, "name")}\" terminated before"
                    + (reason.Length > 0 ? $" ({reason})" : string.Empty) + " and is not ready";
            }
        }

        return null;
    }
}
