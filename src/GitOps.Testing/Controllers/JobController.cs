using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// Jobs run to the end at once: Complete (SuccessCriteriaMet, succeeded = completions, completionTime), or, when an
/// image carries the failure marker, Failed with BackoffLimitExceeded after backoffLimit + 1 failed pods.
/// Suspended Jobs stay untouched.
/// </summary>
internal sealed class JobController : IController
{
    public string GroupResource => "jobs.batch";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var old = obj.Child("status");
        if (spec.IsTrue("suspend") || old.Items("conditions").Any(c => c.GetString("type") is "Complete" or "Failed" && c.GetString("status") == "True"))
        {
            return;
        }

        var now = context.Now();
        var status = new JsonObject { ["startTime"] = old?.GetString("startTime") ?? now };
        if (context.IsFailing(spec.Child("template").Child("spec")))
        {
            const string Message = "Job has reached the specified backoff limit";
            status["failed"] = (spec.GetLong("backoffLimit") ?? 6) + 1;
            status["conditions"] = new JsonArray(
                context.Condition(old, "FailureTarget", true, "BackoffLimitExceeded", Message, withUpdateTime: true),
                context.Condition(old, "Failed", true, "BackoffLimitExceeded", Message, withUpdateTime: true));
        }
        else
        {
            const string Message = "Reached expected number of succeeded pods";
            status["succeeded"] = spec.GetLong("completions") ?? 1;
            status["completionTime"] = now;
            status["conditions"] = new JsonArray(
                context.Condition(old, "SuccessCriteriaMet", true, "CompletionsReached", Message, withUpdateTime: true),
                context.Condition(old, "Complete", true, "CompletionsReached", Message, withUpdateTime: true));
        }

        status["ready"] = 0;
        status["terminating"] = 0;
        status["uncountedTerminatedPods"] = new JsonObject();
        context.SetStatus(GroupResource, obj, status);
    }
}
