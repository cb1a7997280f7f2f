using System.Text.Json.Nodes;
using GitOps.Testing.Api;

namespace GitOps.Testing.Resources;

/// <summary>
/// Per-kind behaviour hooks the storage calls on writes, like the real server's registry strategies:
/// defaulting, validation and update preparation plug in here.
/// </summary>
internal interface IResourceStrategy
{
    /// <summary>Drops fields the kind's schema does not know (as decoding does) and returns their paths.</summary>
    IReadOnlyList<string> Prune(ResourceType type, JsonObject obj);

    /// <summary>Fills defaulted fields of a new or updated object.</summary>
    void Default(ResourceType type, JsonObject obj);

    /// <summary>Returns what is wrong with an object about to be stored (empty when valid).</summary>
    IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old);

    /// <summary>Prepares a new object on create (for example clearing status the caller may not set).</summary>
    void PrepareForCreate(ResourceType type, JsonObject obj);

    /// <summary>Prepares an update: <paramref name="updated"/> gets what the caller may not change copied from <paramref name="old"/>.</summary>
    void PrepareForUpdate(ResourceType type, JsonObject updated, JsonObject old, bool statusSubresource);

    /// <summary>Whether the change from old to new counts as a spec change (bumps <c>metadata.generation</c>).</summary>
    bool IsSpecChange(ResourceType type, JsonObject updated, JsonObject old);
}
