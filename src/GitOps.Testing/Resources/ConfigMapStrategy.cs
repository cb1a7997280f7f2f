using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOps.Testing.Api;
using GitOps.Testing.Json;

namespace GitOps.Testing.Resources;

/// <summary>
/// ConfigMaps (and, through <see cref="SecretStrategy"/>, Secrets): key names must be valid config keys and not
/// repeated between <c>data</c> and <c>binaryData</c>; once <c>immutable: true</c>, data cannot change and the
/// flag cannot be cleared.
/// </summary>
internal partial class ConfigMapStrategy : DefaultResourceStrategy
{
    public static new readonly ConfigMapStrategy Instance = new();

    private const string ImmutableMessage = "Forbidden: field is immutable when `immutable` is set";

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var dataKeys = new[] { "data", type.Kind == "Secret" ? "stringData" : "binaryData" };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in dataKeys)
        {
            if (obj.Child(field) is not { } map)
            {
                continue;
            }

            foreach (var (key, _) in map)
            {
                if (key.Length > 253 || !ConfigKey().IsMatch(key) || key is "." or "..")
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{key}\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", $"{field}[{key}]"));
                }
                else if (!seen.Add(key) && type.Kind != "Secret")
                {
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{key}\": duplicate of key present in {dataKeys[0]}", $"{field}[{key}]"));
                }
            }
        }

        if (old is not null && old.IsTrue("immutable"))
        {
            if (!obj.IsTrue("immutable"))
            {
                causes.Add(new StatusCause("FieldValueForbidden", ImmutableMessage, "immutable"));
            }

            foreach (var field in type.Kind == "Secret" ? ["data"] : new[] { "data", "binaryData" })
            {
                if (!JsonNode.DeepEquals(obj[field], old[field]))
                {
                    causes.Add(new StatusCause("FieldValueForbidden", ImmutableMessage, field));
                }
            }
        }

        return causes;
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();
}
