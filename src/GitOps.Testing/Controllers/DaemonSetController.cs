using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// DaemonSets run one pod on the emulated cluster's one node, labelled with its revision; a rolling update replaces
/// it when the template changes (OnDelete leaves it). Status counts it: scheduled, ready, updated, available.
/// </summary>
internal sealed class DaemonSetController : IController
{
    private const string RevisionLabel = "controller-revision-hash";

    public string GroupResource => "daemonsets.apps";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var ns = obj.Namespace();
        var revision = DeploymentController.TemplateHash(spec.Child("template") ?? []);
        var pods = context.Owned(PodTemplate.Pods, ns, obj.Uid()).Where(p => !p.IsDeleting()).ToList();
        var rolling = spec.Child("updateStrategy")?.GetString("type") != "OnDelete";
        foreach (var pod in pods.Skip(1).Concat(rolling ? pods.Take(1).Where(p => Revision(p) != revision) : []).ToList())
        {
            context.Delete(PodTemplate.Pods, pod);
            pods.Remove(pod);
        }

        if (pods.Count == 0)
        {
            var labels = new Dictionary<string, string>
            {
                [RevisionLabel] = revision,
                ["pod-template-generation"] = obj.Metadata()["generation"]?.ToString() ?? "1",
            };
            pods.Add(context.Create(PodTemplate.Pods, ns, PodTemplate.NewPod(obj, "apps/v1", "DaemonSet", spec.Child("template"), name: null, labels)));
        }

        var ready = pods.Count(ReplicaSetController.IsReady);
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = pods.Count,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = 1,
            ["numberReady"] = ready,
            ["observedGeneration"] = obj.Metadata()["generation"]?.DeepClone(),
            ["updatedNumberScheduled"] = pods.Count(p => Revision(p) == revision),
        };
        if (ready == 1)
        {
            status["numberAvailable"] = 1;
        }
        else
        {
            status["numberUnavailable"] = 1;
        }

        context.SetStatus(GroupResource, obj, status);
    }

    private static string? Revision(JsonObject pod) => pod.Labels().GetValueOrDefault(RevisionLabel);
}
