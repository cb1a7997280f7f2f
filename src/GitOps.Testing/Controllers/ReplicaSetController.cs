using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// ReplicaSets create pods from their template (owned by the ReplicaSet, so resource trees and garbage collection
/// work), delete surplus pods, and report replicas, ready and available counts.
/// </summary>
internal sealed class ReplicaSetController : IController
{
    private const string Pods = "pods";

    public string GroupResource => "replicasets.apps";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var desired = (int)(spec.GetLong("replicas") ?? 1);
        var pods = context.Owned(Pods, obj.Namespace(), obj.Uid()).Where(p => !p.IsDeleting()).ToList();
        for (var i = pods.Count; i < desired; i++)
        {
            var pod = PodTemplate.NewPod(obj, "apps/v1", "ReplicaSet", spec.Child("template"), name: null);
            pods.Add(context.Create(Pods, obj.Namespace(), pod));
        }

        foreach (var surplus in pods.Skip(desired).ToList())
        {
            context.Delete(Pods, surplus);
            pods.Remove(surplus);
        }

        var ready = pods.Count(IsReady);
        var status = new JsonObject { ["replicas"] = pods.Count };
        if (pods.Count > 0)
        {
            status["fullyLabeledReplicas"] = pods.Count;
        }

        if (ready > 0)
        {
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
        }

        status["observedGeneration"] = obj.Metadata()["generation"]?.DeepClone();
        context.SetStatus(GroupResource, obj, status);
    }

    public static bool IsReady(JsonObject pod) =>
        pod.Child("status").Items("conditions").Any(c => c.GetString("type") == "Ready" && c.GetString("status") == "True");

    public static bool IsCrashLooping(JsonObject pod) =>
        pod.Child("status").Items("containerStatuses").Any(s => s.Child("state").Child("waiting")?.GetString("reason") == "CrashLoopBackOff");
}
