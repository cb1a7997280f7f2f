using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>Pods made from a workload's pod template: owned by the workload, scheduled on the emulated node.</summary>
internal static class PodTemplate
{
    public const string Pods = "pods";

    /// <summary>
    /// A pod from <paramref name="template"/> with a fixed <paramref name="name"/>, or a generated one when it is
    /// null, carrying the template's labels plus <paramref name="labels"/>.
    /// </summary>
    public static JsonObject NewPod(JsonObject owner, string apiVersion, string kind, JsonObject? template, string? name, IReadOnlyDictionary<string, string>? labels = null)
    {
        var meta = template.Child("metadata")?.DeepCloneObject() ?? [];
        if (name is null)
        {
            meta["generateName"] = $"{owner.Name()}-";
        }
        else
        {
            meta["name"] = name;
        }

        if (labels is { Count: > 0 })
        {
            var podLabels = meta.Ensure("labels");
            foreach (var (key, value) in labels)
            {
                podLabels[key] = value;
            }
        }

        meta["ownerReferences"] = ControllerContext.ControllerRef(owner, apiVersion, kind);
        var spec = template?["spec"]?.DeepClone().AsObject() ?? [];
        spec["nodeName"] = PodController.NodeName;
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = meta, ["spec"] = spec };
    }
}
