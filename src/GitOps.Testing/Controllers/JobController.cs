using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// Jobs run pods from their template, up to <c>parallelism</c> at a time, until <c>completions</c> pods succeeded
/// (Complete, with SuccessCriteriaMet and completionTime) or more than <c>backoffLimit</c> failed (Failed with
/// BackoffLimitExceeded; pods still running are removed). A failed pod is replaced at once: the emulator skips the
/// retry back-off. Pods of an image carrying the failure marker fail. Suspended Jobs run no pods.
/// </summary>
internal sealed class JobController : IController
{
    public string GroupResource => "jobs.batch";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var old = obj.Child("status");
        if (old.Items("conditions").Any(c => c.GetString("type") is "Complete" or "Failed" && c.GetString("status") == "True"))
        {
            return;
        }

        var ns = obj.Namespace();
        var pods = context.Owned(PodTemplate.Pods, ns, obj.Uid()).Where(p => !p.IsDeleting()).ToList();
        var succeeded = pods.Count(p => Phase(p) == "Succeeded");
        var failed = pods.Count(p => Phase(p) == "Failed");
        var active = pods.Where(p => Phase(p) is not ("Succeeded" or "Failed")).ToList();
        var completions = spec.GetLong("completions") ?? 1;
        var parallelism = spec.GetLong("parallelism") ?? 1;
        var backoffLimit = spec.GetLong("backoffLimit") ?? 6;
        var suspended = spec.IsTrue("suspend");
        var now = context.Now();
        var status = new JsonObject();
        if (old?.GetString("startTime") is { } started)
        {
            status["startTime"] = started;
        }
        else if (!suspended)
        {
            status["startTime"] = now;
        }

        if (failed > backoffLimit)
        {
            foreach (var pod in active)
            {
                context.Delete(PodTemplate.Pods, pod);
            }

            active.Clear();
            const string Message = "Job has reached the specified backoff limit";
            status["conditions"] = new JsonArray(
                context.Condition(old, "FailureTarget", true, "BackoffLimitExceeded", Message, withUpdateTime: true),
                context.Condition(old, "Failed", true, "BackoffLimitExceeded", Message, withUpdateTime: true));
        }
        else if (succeeded >= completions)
        {
            const string Message = "Reached expected number of succeeded pods";
            status["completionTime"] = now;
            status["conditions"] = new JsonArray(
                context.Condition(old, "SuccessCriteriaMet", true, "CompletionsReached", Message, withUpdateTime: true),
                context.Condition(old, "Complete", true, "CompletionsReached", Message, withUpdateTime: true));
        }
        else if (suspended)
        {
            foreach (var pod in active)
            {
                context.Delete(PodTemplate.Pods, pod);
            }

            active.Clear();
        }
        else
        {
            var wanted = Math.Min(parallelism, completions - succeeded);
            for (var i = active.Count; i < wanted; i++)
            {
                active.Add(context.Create(PodTemplate.Pods, ns, PodTemplate.NewPod(obj, "batch/v1", "Job", spec.Child("template"), name: null)));
            }
        }

        if (active.Count > 0)
        {
            status["active"] = active.Count;
        }

        if (succeeded > 0)
        {
            status["succeeded"] = succeeded;
        }

        if (failed > 0)
        {
            status["failed"] = failed;
        }

        status["ready"] = active.Count(ReplicaSetController.IsReady);
        status["terminating"] = 0;
        status["uncountedTerminatedPods"] = new JsonObject();
        context.SetStatus(GroupResource, obj, status);
    }

    private static string? Phase(JsonObject pod) => pod.Child("status")?.GetString("phase");
}
