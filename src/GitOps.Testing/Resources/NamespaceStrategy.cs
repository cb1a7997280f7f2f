using System.Text.Json.Nodes;

namespace GitOps.Testing.Resources;

/// <summary>Namespaces start Active with the <c>kubernetes</c> finalizer the namespace lifecycle clears.</summary>
internal sealed class NamespaceStrategy : DefaultResourceStrategy
{
    public static new readonly NamespaceStrategy Instance = new();

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        base.PrepareForCreate(type, obj);
        obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public override void PrepareForUpdate(ResourceType type, JsonObject updated, JsonObject old, bool statusSubresource)
    {
        base.PrepareForUpdate(type, updated, old, statusSubresource);

        // spec.finalizers changes only through /finalize on a real server; keep the stored value.
        updated["spec"] = old["spec"]?.DeepClone();
    }
}
