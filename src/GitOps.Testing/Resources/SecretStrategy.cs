using System.Text.Json.Nodes;
using GitOps.Testing.Api;

namespace GitOps.Testing.Resources;

/// <summary>Secrets default to type <c>Opaque</c>, the type cannot change, and keys and immutability follow ConfigMaps'.</summary>
internal sealed class SecretStrategy : ConfigMapStrategy
{
    public static new readonly SecretStrategy Instance = new();

    public override void Default(ResourceType type, JsonObject obj)
    {
        if (obj["type"] is null || obj["type"]!.ToString().Length == 0)
        {
            obj["type"] = "Opaque";
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = base.Validate(type, obj, old).ToList();
        if (old is not null && old["type"]?.ToString() != obj["type"]?.ToString())
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{obj["type"]}\": field is immutable", "type"));
        }

        return causes;
    }
}
