using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// The kubelet's part: a pod is scheduled on the one emulated node and starts: Running and Ready, or, when an image
/// carries the failure marker, crash-looping (waiting CrashLoopBackOff, restarts counted). Pods of Jobs run to
/// completion: Succeeded, or Failed with a failing image.
/// </summary>
internal sealed class PodController : IController
{
    public const string NodeName = "emulated-node";

    public string GroupResource => "pods";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var old = obj.Child("status");
        if (old?.GetString("phase") is "Succeeded" or "Failed")
        {
            return;
        }

        var failing = context.IsFailing(spec);
        var runsToCompletion = spec.GetString("restartPolicy") is "Never" or "OnFailure"
            && obj.Metadata().Items("ownerReferences").Any(r => r.GetString("kind") == "Job");
        var started = old?.GetString("startTime") ?? context.Now();
        var ready = !failing && !runsToCompletion;
        var phase = runsToCompletion ? (failing ? "Failed" : "Succeeded") : "Running";
        var statuses = new JsonArray();
        foreach (var container in spec.Items("containers"))
        {
            var status = new JsonObject
            {
                ["name"] = container.GetString("name"),
                ["image"] = container.GetString("image"),
                ["imageID"] = string.Empty,
                ["ready"] = ready,
                ["started"] = ready,
                ["restartCount"] = failing && !runsToCompletion ? 3 : 0,
            };
            if (runsToCompletion)
            {
                status["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = failing ? 1 : 0, ["reason"] = failing ? "Error" : "Completed", ["startedAt"] = started, ["finishedAt"] = started } };
            }
            else if (failing)
            {
                status["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off 40s restarting failed container={container.GetString("name")} pod={obj.Name()}_{obj.Namespace()}({obj.Uid()})" } };
                status["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = started, ["finishedAt"] = started } };
            }
            else
            {
                status["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = started } };
            }

            statuses.Add(status);
        }

        var notReady = $"containers with unready status: [{string.Join(" ", spec.Items("containers").Select(c => c.GetString("name")))}]";
        var newStatus = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                context.Condition(old, "PodReadyToStartContainers", true, string.Empty, string.Empty),
                context.Condition(old, "Initialized", true, string.Empty, string.Empty),
                ready ? context.Condition(old, "Ready", true, string.Empty, string.Empty) : context.Condition(old, "Ready", false, runsToCompletion ? "PodCompleted" : "ContainersNotReady", runsToCompletion ? string.Empty : notReady),
                ready ? context.Condition(old, "ContainersReady", true, string.Empty, string.Empty) : context.Condition(old, "ContainersReady", false, runsToCompletion ? "PodCompleted" : "ContainersNotReady", runsToCompletion ? string.Empty : notReady),
                context.Condition(old, "PodScheduled", true, string.Empty, string.Empty)),
            ["hostIP"] = "192.0.2.250",
            ["podIP"] = PodIp(obj),
            ["startTime"] = started,
            ["containerStatuses"] = statuses,
            ["qosClass"] = old?.GetString("qosClass") ?? "BestEffort",
        };
        foreach (var condition in newStatus["conditions"]!.AsArray().OfType<JsonObject>().Where(c => c.GetString("reason")?.Length == 0))
        {
            // Kubelet conditions that are simply true carry no reason or message.
            condition.Remove("reason");
            condition.Remove("message");
        }

        context.SetStatus(GroupResource, obj, newStatus, "kubelet");
    }

    /// <summary>A stable pod address in 10.244.0.0/16 derived from the uid.</summary>
    private static string PodIp(JsonObject obj)
    {
        var hash = (uint)obj.Uid().GetHashCode(StringComparison.Ordinal);
        return $"10.244.{(hash >> 8) & 255}.{(hash & 253) + 1}";
    }
}
