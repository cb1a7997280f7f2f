using System.Globalization;
using System.Text.Json.Nodes;

namespace GitOps.Testing.Api;

/// <summary>
/// Evaluates the simple JSON paths printer columns use: <c>.a.b</c>, <c>.a[0].b</c> and
/// <c>.a[?(@.k=="v")].b</c>; anything else yields an empty cell rather than an error, like the real server.
/// </summary>
internal static class JsonPathCell
{
    public static JsonNode? Evaluate(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        var rest = path.Trim().TrimStart('{').TrimEnd('}');
        var i = 0;
        while (i < rest.Length && node is not null)
        {
            if (rest[i] == '.')
            {
                var end = i + 1;
                while (end < rest.Length && rest[end] is not ('.' or '['))
                {
                    end++;
                }

                node = (node as JsonObject)?[rest[(i + 1)..end]];
                i = end;
            }
            else if (rest[i] == '[')
            {
                var close = rest.IndexOf(']', i);
                if (close < 0 || node is not JsonArray list)
                {
                    return null;
                }

                var inside = rest[(i + 1)..close];
                node = Select(list, inside);
                i = close + 1;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    private static JsonNode? Select(JsonArray list, string inside)
    {
        if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index < list.Count ? list[index] : null;
        }

        // ?(@.key=="value")
        if (inside.StartsWith("?(@.", StringComparison.Ordinal) && inside.EndsWith(')'))
        {
            var condition = inside[4..^1];
            var eq = condition.IndexOf("==", StringComparison.Ordinal);
            if (eq < 0)
            {
                return null;
            }

            var key = condition[..eq];
            var value = condition[(eq + 2)..].Trim('"', '\'');
            return list.OfType<JsonObject>().FirstOrDefault(o => o[key]?.ToString() == value);
        }

        return null;
    }
}
