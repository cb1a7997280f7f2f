using System.Text;
using System.Text.Json.Nodes;

namespace GitOps.Tests.Manifests;

/// <summary>Deterministic random JSON trees full of YAML hazards, for round-trip properties.</summary>
internal static class RandomJsonTrees
{
    /// <summary>Strings that a careless YAML writer would let change meaning or shape.</summary>
    public static readonly string[] HazardousStrings =
    [
        "yes", "no", "on", "off", "y", "n", "Y", "N", "true", "False", "TRUE", "null", "Null", "~", string.Empty,
        " lead", "trail ", " ", "1.0", "0x1F", "017", "0o17", "0b101", "1e3", "1_000", "1.", ".5", "+1", "-1", "0",
        ".inf", "-.inf", ".nan", ".NaN", "2001-12-14", "2001-12-14 21:59:43.10", "- x", "? x", ": x", "a: b", "a #b",
        "#c", "&a", "*a", "!t", "|", ">", "%x", "@x", "`x", "'q'", "\"dq\"", "multi\nline", "multi\nline\n",
        "trailing\n\n", "\n", "\nleading", "\ttab", "x\ty", "\r\n", "a\rb", "é", "😀", "<<", "---", "...", "--- x",
        "[a]", "{a}", "a,b", "-", "?", ":", "key:", "1:2", "http://x:80/y#z", "\u0085", "\u00a0nbsp", "\u2028",
        "line\n  indented\n", "  two\nlines", "last line   \nx", "x\n \ny", "a\u0000b", "\u001b[0m", "=", "<<:",
        "0.1", "1e-7", "-0", "0777", "12:30:00", "1,000", "$x", "{{ .Values }}", "\\", "a\\nb", "'", "\"",
    ];

    public static JsonObject Manifest(int seed)
    {
        var random = new Random(seed);
        var root = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = $"tree-{seed}" },
        };
        var data = (JsonObject)Node(random, 0, forceObject: true)!;
        root["data"] = data;
        return root;
    }

    private static JsonNode? Node(Random random, int depth, bool forceObject = false)
    {
        var choice = forceObject ? 0 : random.Next(depth > 4 ? 2 : 0, 12);
        switch (choice)
        {
            case 0:
                var map = new JsonObject();
                var count = random.Next(0, 6);
                for (var i = 0; i < count; i++)
                {
                    map[String(random)] = Node(random, depth + 1);
                }

                return map;
            case 1:
                var array = new JsonArray();
                var length = random.Next(0, 5);
                for (var i = 0; i < length; i++)
                {
                    array.Add(Node(random, depth + 1));
                }

                return array;
            case 2 or 3 or 4 or 5:
                return JsonValue.Create(String(random));
            case 6:
                return JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63));
            case 7:
                return random.Next(4) switch
                {
                    0 => JsonValue.Create((double)random.Next(-1000, 1000)),
                    1 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-30, 30))),
                    2 => JsonValue.Create(-random.NextDouble()),
                    _ => JsonValue.Create(BitConverter.Int64BitsToDouble(random.NextInt64(0, 0x7FEFFFFFFFFFFFFF))),
                };
            case 8:
                return JsonValue.Create((ulong)long.MaxValue + 1 + (ulong)random.NextInt64(0, long.MaxValue));
            case 9:
                return JsonValue.Create(random.Next(2) == 0);
            case 10:
                return null;
            default:
                return JsonValue.Create(String(random));
        }
    }

    private static string String(Random random)
    {
        if (random.Next(3) == 0)
        {
            return HazardousStrings[random.Next(HazardousStrings.Length)];
        }

        // Random text from an alphabet of plain characters, indicators, blanks and line breaks.
        const string alphabet = "abcXYZ019 -_.:#,[]{}&*!|>'\"%@`?~\n\t\\/=+é😀";
        var length = random.Next(1, 12);
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var index = random.Next(alphabet.Length);
            if (char.IsSurrogate(alphabet[index]))
            {
                // Take the whole emoji, never half of it.
                index = alphabet.IndexOf("😀", StringComparison.Ordinal);
                builder.Append(alphabet, index, 2);
            }
            else
            {
                builder.Append(alphabet[index]);
            }
        }

        return builder.ToString();
    }
}
