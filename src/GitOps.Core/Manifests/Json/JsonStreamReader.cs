using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Manifests.Yaml;

namespace GitOps.Manifests.Json;

/// <summary>
/// Reads a stream of concatenated JSON values, as kubectl's JSON decoder accepts, into JSON trees with
/// Kubernetes' number rules: an integer literal that fits <see cref="long"/> stays an integer, anything else is a
/// <see cref="double"/>. Duplicate keys follow <see cref="ManifestReaderOptions.AllowDuplicateKeys"/>.
/// </summary>
/// <remarks>
/// A value whose text already is that tree (no repeated or escaped keys, no floats, integers that fit a
/// <see cref="long"/>, strings that decode) is handed out as parsed JSON instead, made into nodes only as it is read.
/// </remarks>
internal sealed class JsonStreamReader
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly string _file;
    private readonly ManifestReaderOptions _options;
    private int _documentIndex;
    private int _countedTo;
    private int _line = 1;
    private int _lineStart;

    /// <summary>The key ranges of the objects being scanned, one list per nesting level, reused.</summary>
    private readonly List<List<(int Start, int Length)>> _keys = [];

    public JsonStreamReader(ReadOnlyMemory<byte> utf8, string file, ManifestReaderOptions options)
    {
        _utf8 = utf8;
        _file = file;
        _options = options;
    }

    /// <summary>Reads every value of the stream.</summary>
    /// <exception cref="ManifestFormatException">The text is not valid JSON.</exception>
    public List<YamlDocument> ReadAll()
    {
        var documents = new List<YamlDocument>();
        var reader = new Utf8JsonReader(_utf8.Span, new JsonReaderOptions
        {
            AllowMultipleValues = true,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = _options.MaxDepth,
        });
        List<(int Line, int Column)> positions = [];

        // The reader checks UTF-8 only in the strings it decodes; the tree reader decodes them all.
        var scan = !_options.DisableFastPath && System.Text.Unicode.Utf8.IsValid(_utf8.Span);
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                var (line, column) = Position(start);
                positions = [];
                var checkpoint = reader;
                var counted = (_countedTo, _line, _lineStart);
                if (scan && TryScanPlain(ref reader, positions))
                {
                    var json = JsonElement.Parse(_utf8.Span[start..(int)reader.BytesConsumed], new JsonDocumentOptions { MaxDepth = _options.MaxDepth });
                    documents.Add(new YamlDocument(null, line, column, _documentIndex++, positions) { Json = json });
                    continue;
                }

                reader = checkpoint;
                (_countedTo, _line, _lineStart) = counted;
                positions = [];
                var root = ReadValue(ref reader, positions, isRoot: true);
                documents.Add(new YamlDocument(root, line, column, _documentIndex++, positions));
            }
        }
        catch (JsonException e)
        {
            var location = new SourceLocation(_file, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, _documentIndex);
            throw new ManifestFormatException(location, "invalid JSON: " + StripPosition(e.Message), e);
        }

        return documents;
    }

    private JsonNode? ReadValue(ref Utf8JsonReader reader, List<(int Line, int Column)> positions, bool isRoot)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new JsonObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var keyAt = (int)reader.TokenStartIndex;
                    var key = reader.GetString()!;
                    reader.Read();
                    var isItems = isRoot && key == "items" && reader.TokenType == JsonTokenType.StartArray;
                    var value = isItems ? ReadItems(ref reader, positions) : ReadValue(ref reader, positions, isRoot: false);
                    if (map.ContainsKey(key))
                    {
                        if (!_options.AllowDuplicateKeys)
                        {
                            var (line, column) = Position(keyAt);
                            throw new ManifestFormatException(new SourceLocation(_file, line, column, _documentIndex), $"mapping key \"{key}\" already defined");
                        }

                        map[key] = value;
                    }
                    else
                    {
                        map.Add(key, value);
                    }
                }

                return map;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(ReadValue(ref reader, positions, isRoot: false));
                }

                return array;
            case JsonTokenType.String:
                try
                {
                    return JsonValue.Create(reader.GetString());
                }
                catch (InvalidOperationException e)
                {
                    throw Error((int)reader.TokenStartIndex, "invalid JSON string: " + e.Message, e);
                }

            case JsonTokenType.Number:
                return ReadNumber(ref reader);
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads through the value at the reader, recording where the root's items start; true when its text is exactly
    /// the tree <see cref="ReadValue"/> would build from it.
    /// </summary>
    private bool TryScanPlain(ref Utf8JsonReader reader, List<(int Line, int Column)> positions)
    {
        try
        {
            return ScanPlain(ref reader, positions);
        }
        catch (JsonException)
        {
            // Not valid JSON: the tree reader reports it, or a repeated key before it, as it always has.
            return false;
        }
    }

    private bool ScanPlain(ref Utf8JsonReader reader, List<(int Line, int Column)> positions)
    {
        var itemsNext = false;
        var inItems = false;
        while (true)
        {
            var depth = reader.CurrentDepth;
            var token = reader.TokenType;
            if (inItems && depth == 2 && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                positions.Add(Position((int)reader.TokenStartIndex));
            }

            var isItemsKey = false;
            switch (token)
            {
                case JsonTokenType.StartObject:
                    Keys(depth).Clear();
                    break;
                case JsonTokenType.EndObject when HasRepeatedKey(Keys(depth)):
                    return false;
                case JsonTokenType.StartArray when itemsNext:
                    inItems = true;
                    break;
                case JsonTokenType.EndArray when depth == 1:
                    inItems = false;
                    break;
                case JsonTokenType.PropertyName:
                    if (reader.ValueIsEscaped)
                    {
                        return false;
                    }

                    Keys(depth - 1).Add(((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                    isItemsKey = depth == 1 && reader.ValueTextEquals("items"u8);
                    break;
                case JsonTokenType.Number:
                    // The tree reader makes floats and integers beyond a long doubles, and -0 the integer 0: their
                    // text would read back otherwise.
                    if (reader.ValueSpan.IndexOfAny("eE."u8) >= 0 || reader.ValueSpan.StartsWith("-0"u8) || !reader.TryGetInt64(out _))
                    {
                        return false;
                    }

                    break;
                case JsonTokenType.String when reader.ValueIsEscaped:
                    try
                    {
                        reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        // Not a valid string; the tree reader reports it.
                        return false;
                    }

                    break;
            }

            itemsNext = isItemsKey;
            if (depth == 0 && token is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return true;
            }

            if (!reader.Read())
            {
                return false;
            }
        }
    }

    private List<(int Start, int Length)> Keys(int depth)
    {
        while (_keys.Count <= depth)
        {
            _keys.Add([]);
        }

        return _keys[depth];
    }

    private bool HasRepeatedKey(List<(int Start, int Length)> keys)
    {
        var utf8 = _utf8.Span;
        if (keys.Count <= 8)
        {
            for (var i = 1; i < keys.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (utf8.Slice(keys[i].Start, keys[i].Length).SequenceEqual(utf8.Slice(keys[j].Start, keys[j].Length)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        var text = _utf8;
        keys.Sort((a, b) => text.Span.Slice(a.Start, a.Length).SequenceCompareTo(text.Span.Slice(b.Start, b.Length)));
        for (var i = 1; i < keys.Count; i++)
        {
            if (utf8.Slice(keys[i].Start, keys[i].Length).SequenceEqual(utf8.Slice(keys[i - 1].Start, keys[i - 1].Length)))
            {
                return true;
            }
        }

        return false;
    }

    private JsonArray ReadItems(ref Utf8JsonReader reader, List<(int Line, int Column)> positions)
    {
        var array = new JsonArray();
        positions.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            positions.Add(Position((int)reader.TokenStartIndex));
            array.Add(ReadValue(ref reader, positions, isRoot: false));
        }

        return array;
    }

    private JsonValue ReadNumber(ref Utf8JsonReader reader)
    {
        var span = reader.ValueSpan;
        if (span.IndexOfAny("eE."u8) < 0 && reader.TryGetInt64(out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (reader.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        throw Error((int)reader.TokenStartIndex, $"number {System.Text.Encoding.UTF8.GetString(span)} is out of range for a 64-bit float");
    }

    private ManifestFormatException Error(int offset, string problem, Exception? inner = null)
    {
        var (line, column) = Position(offset);
        return new ManifestFormatException(new SourceLocation(_file, line, column, _documentIndex), problem, inner);
    }

    /// <summary>Line and column of a byte offset; offsets only move forward, so counting is incremental.</summary>
    private (int Line, int Column) Position(int offset)
    {
        var span = _utf8.Span;
        if (offset < _countedTo)
        {
            _countedTo = 0;
            _line = 1;
            _lineStart = 0;
        }

        for (var i = _countedTo; i < offset; i++)
        {
            if (span[i] == (byte)'\n')
            {
                _line++;
                _lineStart = i + 1;
            }
        }

        _countedTo = offset;
        return (_line, offset - _lineStart + 1);
    }

    private static string StripPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }
}
