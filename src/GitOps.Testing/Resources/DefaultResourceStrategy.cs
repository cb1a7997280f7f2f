using System.Text.Json.Nodes;
using GitOps.Testing.Api;

namespace GitOps.Testing.Resources;

/// <summary>
/// The strategy every kind gets unless it has its own: status is written only through <c>/status</c> when the kind
/// has that subresource, and every change outside metadata and status counts as a spec change.
/// </summary>
internal class DefaultResourceStrategy : IResourceStrategy
{
    public static readonly DefaultResourceStrategy Instance = new();

    private static readonly HashSet<string> NonSpecTopLevel = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata", "status" };

    /// <summary>Drops the fields the kind does not have (per KubernetesClient's model of it) and names them.</summary>
    public virtual IReadOnlyList<string> Prune(ResourceType type, JsonObject obj) =>
        ModelShape.For(type.Group, type.Version, type.Kind)?.Prune(obj) ?? [];

    public virtual void Default(ResourceType type, JsonObject obj)
    {
    }

    public virtual IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old) => [];

    public virtual void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        if (type.HasStatus)
        {
            // With a status subresource, creation ignores client-supplied status like the real server.
            obj.Remove("status");
        }
    }

    public virtual void PrepareForUpdate(ResourceType type, JsonObject updated, JsonObject old, bool statusSubresource)
    {
        if (statusSubresource)
        {
            // Through /status only status (and metadata labels/annotations/finalizers... kept simple: all metadata) changes.
            foreach (var (key, _) in updated.ToList())
            {
                if (key is not "status" and not "metadata" and not "apiVersion" and not "kind")
                {
                    updated.Remove(key);
                }
            }

            foreach (var (key, value) in old)
            {
                if (key is not "status" and not "metadata" and not "apiVersion" and not "kind")
                {
                    updated[key] = value?.DeepClone();
                }
            }
        }
        else if (type.HasStatus)
        {
            updated.Remove("status");
            if (old["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }
        }
    }

    public virtual bool IsSpecChange(ResourceType type, JsonObject updated, JsonObject old)
    {
        var keys = updated.Select(p => p.Key).Concat(old.Select(p => p.Key)).Where(k => !NonSpecTopLevel.Contains(k)).Distinct(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!JsonNode.DeepEquals(updated[key], old[key]))
            {
                return true;
            }
        }

        // Without a status subresource status changes count as well; the real server bumps generation on any
        // non-metadata change for such kinds (for example CRDs without the status subresource).
        return !type.HasStatus && !JsonNode.DeepEquals(updated["status"], old["status"]);
    }
}
