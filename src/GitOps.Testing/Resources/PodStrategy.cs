using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Resources.Defaulting;
using GitOps.Testing.Resources.Validation;

namespace GitOps.Testing.Resources;

/// <summary>Pods: pod spec defaults plus <c>enableServiceLinks</c>; a new pod starts Pending; containers are required.</summary>
internal sealed class PodStrategy : DefaultResourceStrategy
{
    public static new readonly PodStrategy Instance = new();

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        base.PrepareForCreate(type, obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
    }

    public override void Default(ResourceType type, JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        PodSpecDefaults.DefaultPodSpec(spec);
        spec.SetIfMissing("enableServiceLinks", true);
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        WorkloadValidation.PodSpec(obj.Child("spec"), "spec", causes);
        return causes;
    }
}
