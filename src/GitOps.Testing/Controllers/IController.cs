using System.Text.Json.Nodes;

namespace GitOps.Testing.Controllers;

/// <summary>One simulated controller: brings the status (and dependents) of one kind's objects in line with their spec.</summary>
internal interface IController
{
    /// <summary>The group-resource whose objects this controller reconciles, such as <c>deployments.apps</c>.</summary>
    string GroupResource { get; }

    /// <summary>Reconciles one live object; called under the store lock with a copy the controller may change.</summary>
    void Reconcile(ControllerContext context, JsonObject obj);
}
