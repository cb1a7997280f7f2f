using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOps.Diff;

/// <summary>
/// A path expression over a JSON document in the jq style Argo CD's <c>jqPathExpressions</c> use, restricted to paths:
/// <c>.spec.replicas</c>, <c>.metadata.annotations["example.com/x"]</c>, <c>.items[0]</c>, wildcards <c>[]</c> (every
/// element or value), and filters <c>select(COND)</c>, where COND is a relative path compared with <c>==</c> or
/// <c>!=</c> to a literal, piped into <c>startswith("…")</c>, <c>endswith("…")</c>, <c>contains("…")</c> or
/// <c>test("regex")</c>, or a bare path that must be present and not false. Stages may be joined with <c>|</c>.
/// </summary>
/// <example><c>.spec.template.spec.containers[] | select(.name == "istio-proxy") | .image</c></example>
public sealed class PathExpression
{
    private readonly IReadOnlyList<Step> _steps;

    private PathExpression(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses an expression.</summary>
    /// <param name="text">The expression.</param>
    /// <exception cref="FormatException">The expression is malformed; the message names it and the position.</exception>
    public static PathExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var steps = parser.ParsePipeline();
        return new PathExpression(text, steps);
    }

    /// <summary>Removes every location the expression selects.</summary>
    /// <param name="root">The document.</param>
    /// <returns>How many values were removed.</returns>
    public int Remove(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var locations = Evaluate(root).Where(l => l.Parent is not null).ToList();

        // Array elements go from the highest index down, so earlier removals don't shift later ones.
        var removed = 0;
        foreach (var location in locations.OrderByDescending(l => l.Index))
        {
            switch (location.Parent)
            {
                case JsonObject obj when location.Key is not null && obj.Remove(location.Key):
                    removed++;
                    break;
                case JsonArray array when location.Index >= 0 && location.Index < array.Count:
                    array.RemoveAt(location.Index);
                    removed++;
                    break;
            }
        }

        return removed;
    }

    /// <summary>The values the expression selects.</summary>
    /// <param name="root">The document.</param>
    public IEnumerable<JsonNode?> Select(JsonNode root) => Evaluate(root).Select(l => l.Node);

    /// <inheritdoc />
    public override string ToString() => Text;

    private List<Location> Evaluate(JsonNode root)
    {
        var current = new List<Location> { new(null, null, -1, root) };
        foreach (var step in _steps)
        {
            var next = new List<Location>();
            foreach (var location in current)
            {
                step.Apply(location, next);
            }

            current = next;
        }

        return current;
    }

    /// <summary>The RFC 6901 pointers of the locations the expression selects in a document.</summary>
    /// <param name="root">The document.</param>
    public IEnumerable<string> SelectPointers(JsonNode root) => Evaluate(root).Select(l => l.Pointer);

    private readonly record struct Location(JsonNode? Parent, string? Key, int Index, JsonNode? Node, string Pointer = "")
    {
        public string Child(string key) => Pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

        public string Child(int index) => Pointer + "/" + index.ToString(CultureInfo.InvariantCulture);
    }

    private abstract class Step
    {
        public abstract void Apply(Location location, List<Location> output);
    }

    private sealed class FieldStep(string name) : Step
    {
        public override void Apply(Location location, List<Location> output)
        {
            if (location.Node is JsonObject obj && obj.TryGetPropertyValue(name, out var child))
            {
                output.Add(new Location(obj, name, -1, child, location.Child(name)));
            }
        }
    }

    private sealed class IndexStep(int index) : Step
    {
        public override void Apply(Location location, List<Location> output)
        {
            if (location.Node is JsonArray array)
            {
                var i = index < 0 ? array.Count + index : index;
                if (i >= 0 && i < array.Count)
                {
                    output.Add(new Location(array, null, i, array[i], location.Child(i)));
                }
            }
        }
    }

    private sealed class IterateStep : Step
    {
        public override void Apply(Location location, List<Location> output)
        {
            switch (location.Node)
            {
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        output.Add(new Location(array, null, i, array[i], location.Child(i)));
                    }

                    break;
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        output.Add(new Location(obj, key, -1, value, location.Child(key)));
                    }

                    break;
            }
        }
    }

    private sealed class SelectStep(IReadOnlyList<Step> operand, Func<JsonNode?, bool> predicate) : Step
    {
        public override void Apply(Location location, List<Location> output)
        {
            var current = new List<Location> { new(null, null, -1, location.Node) };
            foreach (var step in operand)
            {
                var next = new List<Location>();
                foreach (var l in current)
                {
                    step.Apply(l, next);
                }

                current = next;
            }

            if (current.Any(l => predicate(l.Node)))
            {
                output.Add(location);
            }
        }
    }

    private sealed class Parser(string text)
    {
        private int _position;

        public List<Step> ParsePipeline()
        {
            var steps = new List<Step>();
            SkipSpace();
            if (_position >= text.Length)
            {
                throw Error("the expression is empty");
            }

            while (true)
            {
                ParseStage(steps);
                SkipSpace();
                if (_position >= text.Length)
                {
                    return steps;
                }

                Expect('|');
            }
        }

        private void ParseStage(List<Step> steps)
        {
            SkipSpace();
            if (TryKeyword("select"))
            {
                SkipSpace();
                Expect('(');
                steps.Add(ParseCondition());
                SkipSpace();
                Expect(')');
                ParsePathSuffix(steps, requireStart: false);
                return;
            }

            ParsePathSuffix(steps, requireStart: true);
        }

        // A path: '.' alone, or a run of .name, ."quoted", [n], ["key"], [] steps.
        private void ParsePathSuffix(List<Step> steps, bool requireStart)
        {
            SkipSpace();
            if (requireStart && Peek() != '.')
            {
                throw Error("expected a path starting with '.' or select(...)");
            }

            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == '.')
                {
                    _position++;
                    if (Peek() == '"')
                    {
                        steps.Add(new FieldStep(ReadString()));
                    }
                    else if (IsNameStart(Peek()))
                    {
                        steps.Add(new FieldStep(ReadName()));
                    }
                    else if (Peek() != '[')
                    {
                        // A lone '.' is the current value.
                        continue;
                    }
                }
                else if (c == '[')
                {
                    _position++;
                    SkipSpace();
                    if (Peek() == ']')
                    {
                        steps.Add(new IterateStep());
                    }
                    else if (Peek() == '"')
                    {
                        steps.Add(new FieldStep(ReadString()));
                    }
                    else
                    {
                        steps.Add(new IndexStep(ReadInteger()));
                    }

                    SkipSpace();
                    Expect(']');
                }
                else
                {
                    return;
                }
            }
        }

        private SelectStep ParseCondition()
        {
            var operand = new List<Step>();
            ParsePathSuffix(operand, requireStart: true);
            SkipSpace();
            if (TryToken("=="))
            {
                var literal = ReadLiteral();
                return new SelectStep(operand, node => JsonNode.DeepEquals(node, literal));
            }

            if (TryToken("!="))
            {
                var literal = ReadLiteral();
                return new SelectStep(operand, node => !JsonNode.DeepEquals(node, literal));
            }

            if (TryToken("|"))
            {
                SkipSpace();
                var start = _position;
                var function = ReadName();
                SkipSpace();
                Expect('(');
                SkipSpace();
                var argument = ReadString();
                SkipSpace();
                Expect(')');
                Func<string, bool> test = function switch
                {
                    "startswith" => s => s.StartsWith(argument, StringComparison.Ordinal),
                    "endswith" => s => s.EndsWith(argument, StringComparison.Ordinal),
                    "contains" => s => s.Contains(argument, StringComparison.Ordinal),
                    "test" => CompileRegex(argument),
                    _ => throw Error($"unknown function '{function}' at position {start + 1}; use startswith, endswith, contains or test"),
                };
                return new SelectStep(operand, node => node is JsonValue v && v.TryGetValue(out string? s) && test(s));
            }

            return new SelectStep(operand, node => node is not null && !(node is JsonValue v && v.TryGetValue(out bool b) && !b));
        }

        private Func<string, bool> CompileRegex(string pattern)
        {
            try
            {
                var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
                return regex.IsMatch;
            }
            catch (ArgumentException e)
            {
                throw Error($"invalid regular expression '{pattern}': {e.Message}");
            }
        }

        private JsonNode? ReadLiteral()
        {
            SkipSpace();
            if (Peek() == '"')
            {
                return JsonValue.Create(ReadString());
            }

            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '-' or '+' or '.'))
            {
                _position++;
            }

            var word = text[start.._position];
            if (word.Length == 0)
            {
                throw Error("expected a literal (a string, number, true, false or null)");
            }

            try
            {
                return JsonNode.Parse(word);
            }
            catch (JsonException)
            {
                throw Error($"'{word}' is not a literal; quote strings");
            }
        }

        private string ReadString()
        {
            var start = _position;
            Expect('"');
            var builder = new StringBuilder();
            while (_position < text.Length && text[_position] != '"')
            {
                if (text[_position] == '\\' && _position + 1 < text.Length)
                {
                    _position++;
                }

                builder.Append(text[_position++]);
            }

            if (_position >= text.Length)
            {
                _position = start;
                throw Error("unterminated string");
            }

            _position++;
            return builder.ToString();
        }

        private string ReadName()
        {
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '_' or '-'))
            {
                _position++;
            }

            return start == _position ? throw Error("expected a name") : text[start.._position];
        }

        private int ReadInteger()
        {
            var start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }

            return int.TryParse(text.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error("expected an index, a quoted key or ']'");
        }

        private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

        private bool TryKeyword(string keyword)
        {
            if (string.CompareOrdinal(text, _position, keyword, 0, keyword.Length) == 0 &&
                (_position + keyword.Length >= text.Length || !char.IsAsciiLetterOrDigit(text[_position + keyword.Length])))
            {
                _position += keyword.Length;
                return true;
            }

            return false;
        }

        private bool TryToken(string token)
        {
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) == 0)
            {
                _position += token.Length;
                return true;
            }

            return false;
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"expected '{c}'");
            }

            _position++;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private FormatException Error(string problem) =>
            new($"Path expression '{text}': {problem} at position {_position + 1}.");
    }
}
