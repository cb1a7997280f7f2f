using System.Text.Json.Nodes;
using GitOps.Testing.Patching;

namespace GitOps.Testing.Apply;

/// <summary>
/// Where server-side apply learns how a list merges: built-in kinds by their published list-map keys
/// (<see cref="ListSemantics"/>); custom resources by their CRD schema's <c>x-kubernetes-list-type</c> and
/// <c>x-kubernetes-list-map-keys</c> (atomic when undeclared, as on a real server), except under metadata.
/// </summary>
/// <param name="Schema">The schema of the node being walked; null for built-in kinds and under metadata.</param>
internal sealed record ListRules(JsonObject? Schema)
{
    public static ListRules BuiltIn { get; } = new((JsonObject?)null);

    public bool FromSchema => Schema is not null;

    /// <summary>The rules for a field of the current object node.</summary>
    public ListRules Field(string name) =>
        Schema is null ? this : new ListRules(Schema["properties"]?[name] as JsonObject ?? Schema["additionalProperties"] as JsonObject ?? Empty);

    /// <summary>The rules for the items of the current list node.</summary>
    public ListRules Items() => Schema is null ? this : new ListRules(Schema["items"] as JsonObject ?? Empty);

    public IReadOnlyList<string>? MapKeys(string field, string? parentField)
    {
        if (Schema is null)
        {
            return ListSemantics.ListMapKeys(field, parentField);
        }

        return Schema["x-kubernetes-list-type"]?.ToString() == "map" && Schema["x-kubernetes-list-map-keys"] is JsonArray keys && keys.Count > 0
            ? keys.Select(k => k?.ToString() ?? string.Empty).ToList()
            : null;
    }

    public bool IsSet(string field) => Schema is null ? ListSemantics.IsSet(field) : Schema["x-kubernetes-list-type"]?.ToString() == "set";

    private static JsonObject Empty => [];
}
