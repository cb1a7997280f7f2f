using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>StatefulSets report their replicas ready and updated (none ready when an image carries the failure marker).</summary>
internal sealed class StatefulSetController : IController
{
    public string GroupResource => "statefulsets.apps";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var desired = (int)(spec.GetLong("replicas") ?? 1);
        var ready = context.IsFailing(spec.Child("template").Child("spec")) ? 0 : desired;
        var revision = $"{obj.Name()}-{DeploymentController.TemplateHash(spec.Child("template") ?? [])}";
        var status = new JsonObject
        {
            ["observedGeneration"] = obj.Metadata()["generation"]?.DeepClone(),
            ["replicas"] = desired,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = desired,
            ["updatedReplicas"] = desired,
            ["availableReplicas"] = ready,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0,
        };
        context.SetStatus(GroupResource, obj, status);
    }
}
