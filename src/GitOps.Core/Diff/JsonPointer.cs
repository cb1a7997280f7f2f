using System.Text.Json.Nodes;

namespace GitOps.Diff;

/// <summary>An RFC 6901 JSON pointer such as <c>/spec/replicas</c> or <c>/metadata/labels/app.kubernetes.io~1name</c>.</summary>
public sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    /// <summary>The pointer as written.</summary>
    public string Text { get; }

    /// <summary>The unescaped reference tokens.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Parses a pointer.</summary>
    /// <param name="text">The pointer; <c>""</c> is the whole document.</param>
    /// <exception cref="FormatException">The text is not a JSON pointer; the message names it.</exception>
    public static JsonPointer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            throw new FormatException($"JSON pointer '{text}' must start with '/'.");
        }

        var tokens = text[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            for (var j = 0; j < token.Length; j++)
            {
                if (token[j] == '~' && (j + 1 >= token.Length || token[j + 1] is not ('0' or '1')))
                {
                    throw new FormatException($"JSON pointer '{text}' has '~' not followed by 0 or 1.");
                }
            }

            tokens[i] = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>Removes what the pointer designates, if it is there.</summary>
    /// <param name="root">The document.</param>
    /// <returns>Whether something was removed.</returns>
    public bool Remove(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (_tokens.Length == 0)
        {
            return false;
        }

        var parent = root;
        for (var i = 0; i < _tokens.Length - 1 && parent is not null; i++)
        {
            parent = Step(parent, _tokens[i]);
        }

        var last = _tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                return obj.Remove(last);
            case JsonArray array when TryIndex(last, array.Count, out var index):
                array.RemoveAt(index);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Sets the value the pointer designates, replacing what is there; a missing object on the way is created, a
    /// missing array element is not.
    /// </summary>
    /// <param name="root">The document.</param>
    /// <param name="value">The value; it is owned by the document afterwards.</param>
    /// <returns>Whether the value was set.</returns>
    public bool Set(JsonNode root, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (_tokens.Length == 0)
        {
            return false;
        }

        var parent = root;
        for (var i = 0; i < _tokens.Length - 1; i++)
        {
            var next = Step(parent, _tokens[i]);
            if (next is null && parent is JsonObject obj)
            {
                next = new JsonObject();
                obj[_tokens[i]] = next;
            }

            if (next is null)
            {
                return false;
            }

            parent = next;
        }

        var last = _tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                return true;
            case JsonArray array when TryIndex(last, array.Count, out var index):
                array[index] = value;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Finds what the pointer designates.</summary>
    /// <param name="root">The document.</param>
    /// <returns>The node, or <see langword="null"/> when absent (or JSON null).</returns>
    public JsonNode? Find(JsonNode root)
    {
        JsonNode? current = root;
        foreach (var token in _tokens)
        {
            if (current is null)
            {
                return null;
            }

            current = Step(current, token);
        }

        return current;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static JsonNode? Step(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out var child) ? child : null,
        JsonArray array when TryIndex(token, array.Count, out var index) => array[index],
        _ => null,
    };

    private static bool TryIndex(string token, int count, out int index) =>
        int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)
        && (token.Length == 1 || token[0] != '0') && index < count;
}
