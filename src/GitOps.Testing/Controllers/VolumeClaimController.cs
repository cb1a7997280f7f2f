using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// Dynamic provisioning: a Pending claim gets a PersistentVolume (<c>pvc-&lt;uid&gt;</c>, its size and access modes,
/// Bound to the claim), <c>spec.volumeName</c>, and status Bound with its capacity.
/// </summary>
internal sealed class VolumeClaimController : IController
{
    private const string Volumes = "persistentvolumes";

    public string GroupResource => "persistentvolumeclaims";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        if (obj.Child("status")?.GetString("phase") == "Bound")
        {
            return;
        }

        var spec = obj.Child("spec") ?? [];
        var name = spec.GetString("volumeName") is { Length: > 0 } given ? given : $"pvc-{obj.Uid()}";
        var capacity = new JsonObject { ["storage"] = spec.Child("resources").Child("requests")?["storage"]?.DeepClone() };
        if (context.Store.Get(Volumes, string.Empty, name) is null)
        {
            var volume = context.Create(Volumes, string.Empty, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolume",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = new JsonObject
                {
                    ["capacity"] = capacity.DeepClone(),
                    ["accessModes"] = spec["accessModes"]?.DeepClone(),
                    ["persistentVolumeReclaimPolicy"] = "Delete",
                    ["storageClassName"] = spec["storageClassName"]?.DeepClone() ?? "standard",
                    ["volumeMode"] = spec["volumeMode"]?.DeepClone() ?? "Filesystem",
                    ["hostPath"] = new JsonObject { ["path"] = $"/var/lib/emulated-volumes/{name}", ["type"] = string.Empty },
                    ["claimRef"] = new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "PersistentVolumeClaim",
                        ["namespace"] = obj.Namespace(),
                        ["name"] = obj.Name(),
                        ["uid"] = obj.Uid(),
                    },
                },
            });
            context.SetStatus(Volumes, volume, new JsonObject { ["phase"] = "Bound" });
        }

        if (spec.GetString("volumeName") != name)
        {
            var bound = obj.DeepCloneObject();
            bound.Ensure("spec")["volumeName"] = name;
            context.Update(GroupResource, bound);
            obj = context.Store.Get(GroupResource, obj.Namespace(), obj.Name())!.DeepCloneObject();
        }

        context.SetStatus(GroupResource, obj, new JsonObject
        {
            ["phase"] = "Bound",
            ["accessModes"] = spec["accessModes"]?.DeepClone(),
            ["capacity"] = capacity,
        });
    }
}
