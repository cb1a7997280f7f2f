using System.Text.RegularExpressions;
using GitOps.Testing.Api;

namespace GitOps.Testing.Selectors;

/// <summary>A parsed <c>labelSelector</c> query: every requirement must match.</summary>
internal sealed partial class LabelSelector
{
    private LabelSelector(IReadOnlyList<LabelRequirement> requirements)
    {
        Requirements = requirements;
    }

    public static LabelSelector Everything { get; } = new([]);

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>A metav1.LabelSelector object (matchLabels and matchExpressions); a bad operator becomes 400 BadRequest.</summary>
    public static LabelSelector FromObject(System.Text.Json.Nodes.JsonObject selector)
    {
        var requirements = Json.JsonObjectExtensions.StringMap(selector["matchLabels"])
            .Select(p => new LabelRequirement(p.Key, LabelOperator.Equals, [p.Value])).ToList();
        foreach (var e in (selector["matchExpressions"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>())
        {
            var values = (e["values"] as System.Text.Json.Nodes.JsonArray ?? []).Select(v => v?.ToString() ?? string.Empty).ToList();
            var op = Json.JsonObjectExtensions.GetString(e, "operator") switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                "DoesNotExist" => LabelOperator.DoesNotExist,
                var other => throw StatusObjects.BadRequest($"\"{other}\" is not a valid label selector operator"),
            };
            requirements.Add(new LabelRequirement(Json.JsonObjectExtensions.GetString(e, "key") ?? string.Empty, op, values));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>Parses the selector syntax of the real server; a syntax error becomes 400 BadRequest.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        var pos = 0;
        while (true)
        {
            SkipSpaces(text, ref pos);
            if (pos >= text.Length)
            {
                throw Error(text, "expected a requirement");
            }

            requirements.Add(ParseRequirement(text, ref pos));
            SkipSpaces(text, ref pos);
            if (pos >= text.Length)
            {
                break;
            }

            if (text[pos] != ',')
            {
                throw Error(text, $"unexpected '{text[pos]}' at position {pos}");
            }

            pos++;
        }

        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseRequirement(string text, ref int pos)
    {
        var negated = false;
        if (text[pos] == '!')
        {
            negated = true;
            pos++;
            SkipSpaces(text, ref pos);
        }

        var key = ReadToken(text, ref pos);
        ValidateKey(text, key);
        SkipSpaces(text, ref pos);
        if (negated)
        {
            return new LabelRequirement(key, LabelOperator.DoesNotExist, []);
        }

        if (pos >= text.Length || text[pos] == ',')
        {
            return new LabelRequirement(key, LabelOperator.Exists, []);
        }

        if (text.AsSpan(pos).StartsWith("==", StringComparison.Ordinal))
        {
            pos += 2;
            return new LabelRequirement(key, LabelOperator.Equals, [ReadValue(text, ref pos)]);
        }

        if (text.AsSpan(pos).StartsWith("!=", StringComparison.Ordinal))
        {
            pos += 2;
            return new LabelRequirement(key, LabelOperator.NotEquals, [ReadValue(text, ref pos)]);
        }

        if (text[pos] == '=')
        {
            pos++;
            return new LabelRequirement(key, LabelOperator.Equals, [ReadValue(text, ref pos)]);
        }

        var word = ReadToken(text, ref pos);
        var op = word switch
        {
            "in" => LabelOperator.In,
            "notin" => LabelOperator.NotIn,
            _ => throw Error(text, $"unknown operator '{word}' after key '{key}'"),
        };
        SkipSpaces(text, ref pos);
        if (pos >= text.Length || text[pos] != '(')
        {
            throw Error(text, $"expected '(' after '{word}'");
        }

        pos++;
        var values = new List<string>();
        while (true)
        {
            SkipSpaces(text, ref pos);
            if (pos < text.Length && text[pos] == ')' && values.Count == 0)
            {
                pos++;
                break;
            }

            var value = ReadToken(text, ref pos);
            ValidateValue(text, value);
            values.Add(value);
            SkipSpaces(text, ref pos);
            if (pos >= text.Length)
            {
                throw Error(text, "expected ')'");
            }

            if (text[pos] == ')')
            {
                pos++;
                break;
            }

            if (text[pos] != ',')
            {
                throw Error(text, $"unexpected '{text[pos]}' in value list");
            }

            pos++;
        }

        if (values.Count == 0)
        {
            throw Error(text, $"'{word}' needs at least one value");
        }

        return new LabelRequirement(key, op, values);
    }

    private static string ReadValue(string text, ref int pos)
    {
        SkipSpaces(text, ref pos);
        var value = ReadToken(text, ref pos);
        ValidateValue(text, value);
        return value;
    }

    private static string ReadToken(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && text[pos] is not (',' or '=' or '!' or '(' or ')'))
        {
            pos++;
        }

        return text[start..pos];
    }

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private static void ValidateKey(string text, string key)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw Error(text, $"invalid label key \"{key}\"");
        }
    }

    private static void ValidateValue(string text, string value)
    {
        if (value.Length > 0 && !ValuePattern().IsMatch(value))
        {
            throw Error(text, $"invalid label value: \"{value}\"");
        }
    }

    private static ApiException Error(string text, string why) =>
        StatusObjects.BadRequest($"unable to parse requirement: found '{text}', {why}");

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex ValuePattern();
}
