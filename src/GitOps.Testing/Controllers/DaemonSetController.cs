using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>DaemonSets report one scheduled pod (the emulated cluster has one node), ready unless its image fails.</summary>
internal sealed class DaemonSetController : IController
{
    public string GroupResource => "daemonsets.apps";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var ready = context.IsFailing(obj.Child("spec").Child("template").Child("spec")) ? 0 : 1;
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = 1,
            ["numberMisscheduled"] = 0,
            ["desiredNumberScheduled"] = 1,
            ["numberReady"] = ready,
            ["observedGeneration"] = obj.Metadata()["generation"]?.DeepClone(),
            ["updatedNumberScheduled"] = 1,
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
}
