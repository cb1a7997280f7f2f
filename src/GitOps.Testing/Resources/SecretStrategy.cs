using System.Text.Json.Nodes;

namespace GitOps.Testing.Resources;

/// <summary>Secrets default to type <c>Opaque</c>, and the type cannot change afterwards.</summary>
internal sealed class SecretStrategy : DefaultResourceStrategy
{
    public static new readonly SecretStrategy Instance = new();

    public override void Default(ResourceType type, JsonObject obj)
    {
        if (obj["type"] is null || obj["type"]!.ToString().Length == 0)
        {
            obj["type"] = "Opaque";
        }
    }

    public override IReadOnlyList<Api.StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old) =>
        old is not null && old["type"]?.ToString() != obj["type"]?.ToString()
            ? [new Api.StatusCause("FieldValueInvalid", $"Invalid value: \"{obj["type"]}\": field is immutable", "type")]
            : [];
}
