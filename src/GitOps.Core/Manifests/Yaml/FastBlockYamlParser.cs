using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Manifests.Yaml;

/// <summary>
/// A fast path for the YAML that tools write and people mostly write: block mappings and sequences indented with
/// spaces, single-line plain and quoted scalars, single-line flow collections, literal block scalars, anchors and
/// aliases, comments. It writes each document as JSON text and hands it out parsed (<see cref="YamlDocument.Json"/>):
/// the same tree <see cref="YamlStreamReader"/> builds from the complete parser's events for that subset, but one
/// that stays compact text until a part of it is read or changed. It gives up (returns <see langword="false"/>)
/// on anything else or anything doubtful, including every error, so that the complete parser, with its exact error
/// messages, reads that part instead. YamlDotNet's scanner is several times slower, and events would cost an
/// object per token.
/// </summary>
/// <remarks>
/// Floats with an integral value (<c>1.0</c>) are left to the complete parser: as JSON text they would read back as
/// integers, and the reader keeps integers and floats apart.
/// </remarks>
internal sealed class FastBlockYamlParser : IDisposable
{
    private const int MaxNesting = 100;
    private const int MaxKeyLength = 1024;

    /// <summary>Room for the deepest nesting the subset allows, plus the document's own level.</summary>
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxNesting + 8 };

    /// <summary>A parser kept per thread between reads: a directory of small files would otherwise pay for new buffers per file.</summary>
    [ThreadStatic]
    private static FastBlockYamlParser? t_cached;

    private ManifestReaderOptions _options;
    private readonly YamlStringCache _strings = new();
    private readonly List<(int Start, int End)> _lines = [];

    /// <summary>Anchored nodes as the JSON text an alias repeats, and their size in nodes.</summary>
    private readonly Dictionary<string, (byte[] Json, long NodeCount)> _anchors = new(StringComparer.Ordinal);

    /// <summary>The keys of the mappings being read, one set per nesting level, reused from part to part.</summary>
    private readonly List<YamlKeySet> _keys = [];

    /// <summary>The document being written; reused from part to part, so it grows to the largest document once.</summary>
    private readonly ArrayBufferWriter<byte> _json = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private List<(int Line, int Column)>? _itemPositions;
    private char[] _text = [];
    private int _start;
    private int _end;
    private int _lineOffset;
    private int _line;
    private long _nodeCount;
    private long _aliasNodes;

    /// <summary>Creates a parser for the parts of a stream read one after the other on one thread.</summary>
    /// <param name="options">Limits: a document beyond them is left to the complete parser, which reports it.</param>
    public FastBlockYamlParser(ManifestReaderOptions options)
    {
        _options = options;

        // The text is only ever parsed back, so escaping beyond what JSON requires is wasted work and bytes.
        _writer = new Utf8JsonWriter(_json, new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
            MaxDepth = DocumentOptions.MaxDepth,
        });
    }

    /// <summary>Where a node sits relative to the document root, to record where the items of a list start.</summary>
    private enum NodeRole
    {
        Root,
        Items,
        Other,
    }

    /// <summary>Parses a whole text with the default options, or returns false when it is outside the subset.</summary>
    public static bool TryParse(string text, out YamlDocument? document)
    {
        using var parser = new FastBlockYamlParser(ManifestReader.Default.Options);
        return parser.TryParse(text.ToCharArray(), 0, text.Length, 0, out document);
    }

    /// <summary>The calling thread's parser (or a new one), set to <paramref name="options"/>; give it back with <see cref="Return"/>.</summary>
    public static FastBlockYamlParser Rent(ManifestReaderOptions options)
    {
        var parser = t_cached ?? new FastBlockYamlParser(options);
        t_cached = null;
        parser._options = options;
        return parser;
    }

    /// <summary>Keeps a parser from <see cref="Rent"/> for the thread's next read, unless a large stream left it too big to keep.</summary>
    public static void Return(FastBlockYamlParser parser)
    {
        // Keep nothing of the text read: the buffer goes back to its pool, and manifests may hold secrets.
        parser._text = [];
        parser._anchors.Clear();
        parser._json.Clear();
        if (parser._json.Capacity <= 1 << 20 && parser._lines.Capacity <= 1 << 16 && parser._strings.Count <= 4096)
        {
            t_cached = parser;
        }
        else
        {
            parser.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    /// <summary>
    /// Parses a part of a stream (at most one document), or returns false when it is outside the subset or invalid.
    /// Repeated keys and short values are shared with the parts parsed before.
    /// </summary>
    /// <param name="text">The stream's text.</param>
    /// <param name="start">Where the part starts in <paramref name="text"/>.</param>
    /// <param name="length">The part's length.</param>
    /// <param name="lineOffset">How many lines of the stream come before the part.</param>
    /// <param name="document">The document; <see langword="null"/> when the part has none (blank or comments only).</param>
    public bool TryParse(char[] text, int start, int length, int lineOffset, out YamlDocument? document)
    {
        _text = text;
        _start = start;
        _end = start + length;
        _lineOffset = lineOffset;
        _lines.Clear();
        _anchors.Clear();
        _itemPositions = null;
        _json.ResetWrittenCount();
        _writer.Reset(_json);
        _line = 0;
        _nodeCount = 0;
        _aliasNodes = 0;
        try
        {
            document = ParseStream();
            return true;
        }
        catch (NotInSubsetException)
        {
            document = null;
            return false;
        }
    }

    private YamlDocument? ParseStream()
    {
        var part = _text.AsSpan(_start, _end - _start);
        if (part.IndexOfAny(YamlStreamReader.ForbiddenCharacters) >= 0 || HasLoneSurrogate(part))
        {
            // A lone surrogate (only in a string given by the caller) would be written to JSON as U+FFFD; the
            // complete parser keeps it as it is.
            Bail();
        }

        SplitLines();
        var explicitStart = _lines.Count > 0 && LineText(0).StartsWith("---", StringComparison.Ordinal);
        if (explicitStart)
        {
            var rest = LineText(0)[3..].Trim();
            if (!rest.IsEmpty && rest[0] != '#')
            {
                Bail();
            }

            _line = 1;
        }

        var first = NextContentLine(_line);
        if (first < 0)
        {
            // "---" alone makes an empty (null) document; blank lines and comments make none.
            return explicitStart ? Document(null, _end) : null;
        }

        _line = first;
        var indent = Indent(first);
        var pos = _lines[first].Start + indent;
        if (_text[pos] is '[' or '{')
        {
            ParseFlowValue(pos, 1, NodeRole.Root);
        }
        else if (IsSequenceEntry(pos))
        {
            ParseSequence(indent, pos, 1, NodeRole.Root);
        }
        else if (TryFindKeyEnd(pos, out _))
        {
            ParseMapping(indent, pos, 1, NodeRole.Root);
        }
        else
        {
            Bail();
            return null;
        }

        if (NextContentLine(_line + 1) >= 0)
        {
            Bail();
        }

        _writer.Flush();
        return Document(JsonElement.Parse(_json.WrittenSpan, DocumentOptions), pos);
    }

    /// <summary>The document starting at <paramref name="rootStart"/>: its parsed JSON, or none for a null document.</summary>
    private YamlDocument Document(JsonElement? json, int rootStart)
    {
        var (line, column) = Position(rootStart);
        return new YamlDocument(null, line, column, 0, _itemPositions ?? []) { Json = json };
    }

    private static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private void SplitLines()
    {
        var start = _start;
        while (start <= _end)
        {
            var newline = _text.AsSpan(start, _end - start).IndexOf('\n');
            var end = newline < 0 ? _end : start + newline;
            var contentEnd = end > start && _text[end - 1] == '\r' ? end - 1 : end;
            var line = _text.AsSpan(start, contentEnd - start);
            var content = line.TrimStart(' ');
            if (!content.IsEmpty && (content[0] == '\t' || content[0] == '%' || line.StartsWith("...", StringComparison.Ordinal) ||
                (start > _start && line.StartsWith("---", StringComparison.Ordinal))))
            {
                // Tabs in indentation, directives, document markers: leave them to the complete parser.
                Bail();
            }

            if (line.Contains('\r'))
            {
                Bail();
            }

            _lines.Add((start, contentEnd));
            if (newline < 0)
            {
                break;
            }

            start = end + 1;
        }
    }

    private ReadOnlySpan<char> LineText(int line) => _text.AsSpan(_lines[line].Start, _lines[line].End - _lines[line].Start);

    private int Indent(int line)
    {
        var text = LineText(line);
        var i = text.IndexOfAnyExcept(' ');
        return i < 0 ? text.Length : i;
    }

    /// <summary>The first line at or after <paramref name="from"/> that is neither blank nor a comment, or -1.</summary>
    private int NextContentLine(int from)
    {
        for (var i = from; i < _lines.Count; i++)
        {
            var content = LineText(i).TrimStart(' ');
            if (!content.IsEmpty && content[0] != '#')
            {
                return i;
            }
        }

        return -1;
    }

    private int LineEnd => _lines[_line].End;

    /// <summary>The 1-based line in the stream and column of a position; only document and list item starts need one.</summary>
    private (int Line, int Column) Position(int index)
    {
        // Lines are visited in order, so a search from the current line is cheap.
        var line = Math.Min(_line, _lines.Count - 1);
        while (line > 0 && _lines[line].Start > index)
        {
            line--;
        }

        while (line + 1 < _lines.Count && _lines[line + 1].Start <= index)
        {
            line++;
        }

        return (line + 1 + _lineOffset, index - _lines[line].Start + 1);
    }

    private bool IsSequenceEntry(int pos) =>
        _text[pos] == '-' && (pos + 1 == _end || _text[pos + 1] is ' ' or '\n' or '\r');

    private void ParseSequence(int indent, int dash, int depth, NodeRole role)
    {
        CheckNesting(depth);
        _nodeCount++;
        _writer.WriteStartArray();
        if (role == NodeRole.Items)
        {
            _itemPositions = [];
        }

        while (true)
        {
            var pos = SkipSpaces(dash + 1);
            var itemStart = pos;
            if (pos < LineEnd && _text[pos] != '#' && IsSequenceEntry(pos))
            {
                ParseSequence(pos - _lines[_line].Start, pos, depth + 1, NodeRole.Other);
            }
            else if (pos < LineEnd && _text[pos] != '#' && TryFindKeyEnd(pos, out _))
            {
                ParseMapping(pos - _lines[_line].Start, pos, depth + 1, NodeRole.Other);
            }
            else
            {
                ParseValue(pos, indent, depth + 1, mappingValue: false, NodeRole.Other, out itemStart);
            }

            if (role == NodeRole.Items)
            {
                _itemPositions!.Add(Position(itemStart));
            }

            var next = NextContentLine(_line + 1);
            if (next < 0 || Indent(next) < indent)
            {
                break;
            }

            if (Indent(next) > indent)
            {
                Bail();
            }

            var nextPos = _lines[next].Start + Indent(next);
            if (!IsSequenceEntry(nextPos))
            {
                // Back at the same indentation without a dash: only valid as the parent mapping's next key.
                break;
            }

            _line = next;
            dash = nextPos;
        }

        _writer.WriteEndArray();
    }

    private void ParseMapping(int indent, int keyPos, int depth, NodeRole role)
    {
        CheckNesting(depth);
        _nodeCount++;
        var keys = Keys(depth);
        _writer.WriteStartObject();
        while (true)
        {
            if (!TryFindKeyEnd(keyPos, out var colon))
            {
                Bail();
            }

            var key = ReadKey(keyPos, colon);
            WriteKey(keys, key);
            var valueRole = role == NodeRole.Root && key == "items" ? NodeRole.Items : NodeRole.Other;
            ParseValue(SkipSpaces(colon + 1), indent, depth + 1, mappingValue: true, valueRole, out _);
            var next = NextContentLine(_line + 1);
            if (next < 0 || Indent(next) < indent)
            {
                break;
            }

            if (Indent(next) > indent)
            {
                Bail();
            }

            _line = next;
            keyPos = _lines[next].Start + indent;
            if (IsSequenceEntry(keyPos))
            {
                Bail();
            }
        }

        _writer.WriteEndObject();
    }

    /// <summary>The set to gather a mapping's keys in, empty; one per nesting level, as mappings nest.</summary>
    private YamlKeySet Keys(int depth)
    {
        while (_keys.Count <= depth)
        {
            _keys.Add(new YamlKeySet());
        }

        var keys = _keys[depth];
        keys.Clear();
        return keys;
    }

    private void WriteKey(YamlKeySet keys, string key)
    {
        if (!keys.Add(key))
        {
            // A repeated key: the complete parser reports it, or applies AllowDuplicateKeys.
            Bail();
        }

        _writer.WritePropertyName(key);
    }

    /// <summary>
    /// Parses a value starting at <paramref name="pos"/> on the current line; leaves <see cref="_line"/> on its last
    /// line; <paramref name="start"/> is where the node starts (its anchor, if any).
    /// </summary>
    private void ParseValue(int pos, int parentIndent, int depth, bool mappingValue, NodeRole role, out int start)
    {
        string? anchor = null;
        start = pos;
        if (pos < LineEnd && _text[pos] == '&')
        {
            var nameEnd = pos + 1;
            while (nameEnd < LineEnd && _text[nameEnd] is not (' ' or ',' or '[' or ']' or '{' or '}'))
            {
                nameEnd++;
            }

            if (nameEnd == pos + 1 || _text.AsSpan(pos + 1, nameEnd - pos - 1).Contains('\t'))
            {
                Bail();
            }

            anchor = new string(_text, pos + 1, nameEnd - pos - 1);
            pos = SkipSpaces(nameEnd);
        }

        if (anchor is null)
        {
            ParseNode(pos, parentIndent, depth, mappingValue, role, anchored: false, ref start);
            return;
        }

        // Aliases repeat the anchored node's JSON text: all that was written for it, less the separator before it.
        var before = _nodeCount;
        _writer.Flush();
        var from = _json.WrittenCount;
        ParseNode(pos, parentIndent, depth, mappingValue, role, anchored: true, ref start);
        _writer.Flush();
        var json = _json.WrittenSpan[from..];
        _anchors[anchor] = ((json.Length > 0 && json[0] == (byte)',' ? json[1..] : json).ToArray(), _nodeCount - before);
    }

    private void ParseNode(int pos, int parentIndent, int depth, bool mappingValue, NodeRole role, bool anchored, ref int start)
    {
        if (pos >= LineEnd || _text[pos] == '#')
        {
            // The value is on the following lines, or empty.
            var next = NextContentLine(_line + 1);
            if (next >= 0 && Indent(next) > parentIndent)
            {
                _line = next;
                var nextPos = _lines[next].Start + Indent(next);
                if (IsSequenceEntry(nextPos))
                {
                    if (anchored)
                    {
                        Bail();
                    }

                    start = nextPos;
                    ParseSequence(Indent(next), nextPos, depth, role);
                    return;
                }

                if (_text[nextPos] is not ('[' or '{' or '"' or '\'') && TryFindKeyEnd(nextPos, out _))
                {
                    start = anchored ? start : nextPos;
                    ParseMapping(Indent(next), nextPos, depth, NodeRole.Other);
                    return;
                }

                Bail();
            }

            if (mappingValue && next >= 0 && Indent(next) == parentIndent && IsSequenceEntry(_lines[next].Start + parentIndent))
            {
                // An indentless sequence: "key:" followed by "- item" lines at the key's own indentation.
                if (anchored)
                {
                    Bail();
                }

                _line = next;
                start = _lines[next].Start + parentIndent;
                ParseSequence(parentIndent, start, depth, role);
                return;
            }

            start = anchored ? start : pos;
            _nodeCount++;
            _writer.WriteNullValue();
            return;
        }

        var c = _text[pos];
        switch (c)
        {
            case '*':
                if (anchored)
                {
                    Bail();
                }

                var aliasEnd = pos + 1;
                while (aliasEnd < LineEnd && _text[aliasEnd] != ' ')
                {
                    aliasEnd++;
                }

                if (aliasEnd == pos + 1)
                {
                    Bail();
                }

                ExpectLineRestBlank(aliasEnd);
                CheckNoContinuation(parentIndent);
                Expand(_text.AsSpan(pos + 1, aliasEnd - pos - 1));
                return;
            case '|':
                _nodeCount++;
                _writer.WriteStringValue(ParseLiteral(pos, parentIndent));
                return;
            case '[' or '{':
                ParseFlowValue(pos, depth, role);
                return;
            case '"' or '\'':
                var end = WriteQuoted(pos);
                ExpectLineRestBlank(end);
                CheckNoContinuation(parentIndent);
                _nodeCount++;
                return;
            case '!' or '>' or '%' or '@' or '`' or ',' or ']' or '}':
                Bail();
                return;
            default:
                if (c is '-' or '?' or ':' && (pos + 1 >= LineEnd || _text[pos + 1] == ' '))
                {
                    Bail();
                }

                var plainEnd = PlainEnd(pos, LineEnd);
                var text = _text.AsSpan(pos, plainEnd - pos);
                if (text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':'))
                {
                    Bail();
                }

                CheckNoContinuation(parentIndent);
                _nodeCount++;
                WritePlainValue(text);
                return;
        }
    }

    private void Expand(ReadOnlySpan<char> name)
    {
        if (!_anchors.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var target))
        {
            Bail();
        }

        _aliasNodes += target.NodeCount;
        _nodeCount += target.NodeCount;
        if (_aliasNodes > _options.MaxAliasExpansionNodes)
        {
            Bail();
        }

        _writer.WriteRawValue(target.Json, skipInputValidation: true);
    }

    /// <summary>Writes the value of a plain scalar, resolved as go-yaml v2 resolves it.</summary>
    private void WritePlainValue(ReadOnlySpan<char> text)
    {
        if (!MayResolveToNonString(text[0]))
        {
            _writer.WriteStringValue(text);
            return;
        }

        if (!YamlScalarResolver.TryResolvePlainWithoutText(text, out var scalar))
        {
            scalar = YamlScalarResolver.ResolvePlain(text.ToString());
        }

        switch (scalar.Kind)
        {
            case YamlScalarKind.String:
                _writer.WriteStringValue(text);
                return;
            case YamlScalarKind.Null:
                _writer.WriteNullValue();
                return;
            case YamlScalarKind.Boolean:
                _writer.WriteBooleanValue(scalar.Bool);
                return;
            case YamlScalarKind.Int64:
                _writer.WriteNumberValue(scalar.Int);
                return;
            case YamlScalarKind.UInt64:
                _writer.WriteNumberValue(scalar.UInt);
                return;
            default:
                if (!YamlJsonConversion.HasJsonForm(scalar) || double.IsInteger(scalar.Float))
                {
                    // No JSON form (the complete parser reports it), or a float that would read back as an integer.
                    Bail();
                }

                _writer.WriteNumberValue(scalar.Float);
                return;
        }
    }

    /// <summary>The key a plain scalar makes, converted as sigs.k8s.io/yaml converts non-string keys.</summary>
    private string PlainKey(ReadOnlySpan<char> text)
    {
        if (text is "<<")
        {
            // A merge key: rare, and its precedence rules are the complete parser's business.
            Bail();
        }

        if (!MayResolveToNonString(text[0]))
        {
            return _strings.Get(text);
        }

        var scalar = YamlScalarResolver.ResolvePlain(text.ToString());
        if (scalar.Kind == YamlScalarKind.String)
        {
            return _strings.Get(text);
        }

        return YamlJsonConversion.KeyText(scalar) ?? Fail<string>();
    }

    /// <summary>Only these first characters start YAML 1.1 booleans, nulls, numbers or special floats.</summary>
    private static bool MayResolveToNonString(char first) =>
        first is 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' or '.' or '+' or '-' or (>= '0' and <= '9');

    /// <summary>A plain scalar on one line ends at a comment or the line's end, trailing blanks excluded.</summary>
    private int PlainEnd(int pos, int lineEnd)
    {
        var end = lineEnd;
        var comment = _text.AsSpan(pos, lineEnd - pos).IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0)
        {
            end = pos + comment;
        }

        while (end > pos && _text[end - 1] == ' ')
        {
            end--;
        }

        if (_text.AsSpan(pos, end - pos).Contains('\t'))
        {
            Bail();
        }

        return end;
    }

    /// <summary>A plain scalar that goes on over more-indented lines is multi-line; leave it to the complete parser.</summary>
    private void CheckNoContinuation(int parentIndent)
    {
        for (var i = _line + 1; i < _lines.Count; i++)
        {
            if (LineText(i).TrimStart(' ').IsEmpty)
            {
                continue;
            }

            if (Indent(i) > parentIndent)
            {
                Bail();
            }

            return;
        }
    }

    private void ExpectLineRestBlank(int pos)
    {
        var rest = _text.AsSpan(pos, LineEnd - pos);
        var trimmed = rest.TrimStart(' ');
        if (!trimmed.IsEmpty && (trimmed[0] != '#' || trimmed.Length == rest.Length))
        {
            Bail();
        }
    }

    /// <summary>Finds the ':' that ends a block mapping key starting at <paramref name="pos"/> on the current line.</summary>
    private bool TryFindKeyEnd(int pos, out int colon)
    {
        colon = -1;
        var lineEnd = LineEnd;
        var c = _text[pos];
        if (c is '"' or '\'')
        {
            var end = QuotedEnd(pos);
            var after = SkipSpaces(end);
            if (after < lineEnd && _text[after] == ':' && (after + 1 == lineEnd || _text[after + 1] == ' '))
            {
                colon = after;
                return true;
            }

            return false;
        }

        if (c is '[' or ']' or '{' or '}' or ',' or '#' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or ':' or '-')
        {
            return false;
        }

        for (var i = pos; i < lineEnd; i++)
        {
            var ch = _text[i];
            if (ch == ':' && (i + 1 == lineEnd || _text[i + 1] == ' '))
            {
                colon = i;
                return true;
            }

            if (ch == '#' && _text[i - 1] == ' ')
            {
                return false;
            }
        }

        return false;
    }

    private string ReadKey(int pos, int colon)
    {
        if (_text[pos] is '"' or '\'')
        {
            // A quoted key is a string whatever its text.
            return ReadQuoted(pos, key: true).Value;
        }

        var keyEnd = colon;
        while (keyEnd > pos && _text[keyEnd - 1] == ' ')
        {
            keyEnd--;
        }

        var key = _text.AsSpan(pos, keyEnd - pos);
        if (key.Length > MaxKeyLength || key.Contains('\t'))
        {
            Bail();
        }

        return PlainKey(key);
    }

    /// <summary>Reads a literal block scalar (<c>|</c>, <c>|-</c>, <c>|+</c>); leaves <see cref="_line"/> on its last line.</summary>
    private string ParseLiteral(int pos, int parentIndent)
    {
        var header = pos + 1;
        var chomp = ' ';
        if (header < LineEnd && _text[header] is '-' or '+')
        {
            chomp = _text[header];
            header++;
        }

        ExpectLineRestBlank(header);
        var blockIndent = -1;

        // The text is the lines' content after the block's indentation: the first and last (line, skip) pairs
        // are enough to copy it, as the lines in between are all part of it.
        var firstLine = _line + 1;
        var lastContent = -1;
        var i = firstLine;
        for (; i < _lines.Count; i++)
        {
            var line = LineText(i);
            var indent = Indent(i);
            if (indent == line.Length)
            {
                // A blank line: inside the text, or chomped at its end.
                if (blockIndent >= 0 ? indent > blockIndent : indent > parentIndent + 1)
                {
                    Bail();
                }

                continue;
            }

            if (blockIndent < 0)
            {
                if (indent <= parentIndent)
                {
                    break;
                }

                blockIndent = indent;
            }
            else if (indent < blockIndent)
            {
                if (indent > parentIndent)
                {
                    Bail();
                }

                break;
            }

            if (line.Contains('\t'))
            {
                Bail();
            }

            lastContent = i;
        }

        if (lastContent < 0)
        {
            Bail();
        }

        var builder = new StringBuilder();
        for (var j = firstLine; j <= lastContent; j++)
        {
            if (j > firstLine)
            {
                builder.Append('\n');
            }

            var line = LineText(j);
            if (line.Length > blockIndent)
            {
                builder.Append(line[blockIndent..]);
            }
        }

        if (chomp != '-')
        {
            builder.Append('\n');
        }

        if (chomp == '+')
        {
            builder.Append('\n', i - 1 - lastContent);
        }

        _line = chomp == '+' ? i - 1 : lastContent;
        return builder.ToString();
    }

    private void ParseFlowValue(int pos, int depth, NodeRole role) => ExpectLineRestBlank(ParseFlow(pos, depth, role));

    /// <summary>Parses a flow collection that must end on the current line; returns the index after it.</summary>
    private int ParseFlow(int pos, int depth, NodeRole role)
    {
        CheckNesting(depth);
        _nodeCount++;
        var lineEnd = LineEnd;
        var map = _text[pos] == '{' ? Keys(depth) : null;
        var close = map is null ? ']' : '}';
        if (map is null)
        {
            _writer.WriteStartArray();
            if (role == NodeRole.Items)
            {
                _itemPositions = [];
            }
        }
        else
        {
            _writer.WriteStartObject();
        }

        pos = SkipSpaces(pos + 1);
        if (pos < lineEnd && _text[pos] == close)
        {
            return EndFlow(map is null, pos + 1);
        }

        while (true)
        {
            string? key = null;
            if (map is not null)
            {
                var keyToken = ParseFlowScalar(pos, key: true);
                key = keyToken.Quoted ?? PlainKey(_text.AsSpan(keyToken.Start, keyToken.End - keyToken.Start));
                WriteKey(map, key);
                pos = SkipSpaces(keyToken.End);
                if (pos >= lineEnd || _text[pos] != ':')
                {
                    Bail();
                }

                pos = SkipSpaces(pos + 1);
                if (pos >= lineEnd || _text[pos] is ',' or '}')
                {
                    Bail();
                }
            }

            if (map is null && role == NodeRole.Items)
            {
                _itemPositions!.Add(Position(pos));
            }

            if (pos < lineEnd && _text[pos] is '[' or '{')
            {
                var valueRole = role == NodeRole.Root && key == "items" ? NodeRole.Items : NodeRole.Other;
                pos = ParseFlow(pos, depth + 1, valueRole);
            }
            else
            {
                var token = ParseFlowScalar(pos, key: false);
                _nodeCount++;
                if (token.Quoted is { } quoted)
                {
                    _writer.WriteStringValue(quoted);
                }
                else
                {
                    WritePlainValue(_text.AsSpan(token.Start, token.End - token.Start));
                }

                pos = token.End;
            }

            pos = SkipSpaces(pos);
            if (pos >= lineEnd)
            {
                Bail();
            }

            if (_text[pos] == close)
            {
                return EndFlow(map is null, pos + 1);
            }

            if (_text[pos] != ',')
            {
                Bail();
            }

            pos = SkipSpaces(pos + 1);
            if (pos >= lineEnd || _text[pos] == close)
            {
                // Trailing commas are valid but unusual; leave them to the complete parser.
                Bail();
            }
        }
    }

    private int EndFlow(bool sequence, int end)
    {
        if (sequence)
        {
            _writer.WriteEndArray();
        }
        else
        {
            _writer.WriteEndObject();
        }

        return end;
    }

    /// <summary>Reads a scalar inside a flow collection: quoted (its value), or plain (its extent).</summary>
    private FlowToken ParseFlowScalar(int pos, bool key)
    {
        var lineEnd = LineEnd;
        if (pos >= lineEnd)
        {
            Bail();
        }

        var c = _text[pos];
        if (c is '"' or '\'')
        {
            var (quoted, quotedEnd) = ReadQuoted(pos, key);
            return new FlowToken(quoted, pos, quotedEnd);
        }

        if (c is '[' or ']' or '{' or '}' or ',' or '#' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or ':' or ' ' ||
            (c == '-' && (pos + 1 >= lineEnd || _text[pos + 1] is ' ' or ',' or '[' or ']' or '{' or '}')))
        {
            Bail();
        }

        var i = pos;
        while (i < lineEnd)
        {
            var ch = _text[i];
            if (ch is ',' or '[' or ']' or '{' or '}' or '\t')
            {
                break;
            }

            if (ch == ':' && (i + 1 >= lineEnd || _text[i + 1] is ' ' or ',' or ']' or '}'))
            {
                break;
            }

            if (ch == '#' && _text[i - 1] == ' ')
            {
                Bail();
            }

            i++;
        }

        var end = i;
        while (end > pos && _text[end - 1] == ' ')
        {
            end--;
        }

        if (i < lineEnd && _text[i] == '\t')
        {
            Bail();
        }

        if (!key && i < lineEnd && _text[i] == ':')
        {
            // A "key: value" pair inside a flow sequence.
            Bail();
        }

        return new FlowToken(null, pos, end);
    }

    /// <summary>The index after the closing quote of a quoted scalar that ends on the current line.</summary>
    private int QuotedEnd(int pos)
    {
        var lineEnd = LineEnd;
        var quote = _text[pos];
        for (var i = pos + 1; i < lineEnd; i++)
        {
            var c = _text[i];
            if (c == quote)
            {
                if (quote == '\'' && i + 1 < lineEnd && _text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i + 1;
            }

            if (quote == '"' && c == '\\')
            {
                i++;
            }
        }

        Bail();
        return pos;
    }

    /// <summary>Writes a quoted scalar that ends on the current line; returns the index after the closing quote.</summary>
    private int WriteQuoted(int pos)
    {
        // Most quoted scalars have no escapes: their text is the value.
        var quote = _text[pos];
        var body = _text.AsSpan(pos + 1, LineEnd - pos - 1);
        var stop = quote == '"' ? body.IndexOfAny('"', '\\', '\t') : body.IndexOfAny('\'', '\t');
        if (stop >= 0 && body[stop] == quote && (quote == '"' || stop + 1 == body.Length || body[stop + 1] != '\''))
        {
            _writer.WriteStringValue(body[..stop]);
            return pos + stop + 2;
        }

        var (value, end) = ReadQuoted(pos, key: false);
        _writer.WriteStringValue(value);
        return end;
    }

    /// <summary>
    /// Reads a quoted scalar that ends on the current line; returns its value and the index after the closing quote.
    /// Only keys are shared through the string cache: values are many, mostly unique, and may be secrets.
    /// </summary>
    private (string Value, int End) ReadQuoted(int pos, bool key)
    {
        var lineEnd = LineEnd;
        var quote = _text[pos];
        StringBuilder? builder = null;
        var runStart = pos + 1;
        var i = pos + 1;
        while (i < lineEnd)
        {
            var c = _text[i];
            if (quote == '\'' && c == '\'')
            {
                if (i + 1 < lineEnd && _text[i + 1] == '\'')
                {
                    builder ??= new StringBuilder();
                    builder.Append(_text, runStart, i + 1 - runStart);
                    i += 2;
                    runStart = i;
                    continue;
                }

                return (Finish(builder, runStart, i, key), i + 1);
            }

            if (quote == '"' && c == '"')
            {
                return (Finish(builder, runStart, i, key), i + 1);
            }

            if (quote == '"' && c == '\\')
            {
                builder ??= new StringBuilder();
                builder.Append(_text, runStart, i - runStart);
                i = AppendEscape(builder, i + 1, lineEnd);
                runStart = i;
                continue;
            }

            if (c == '\t')
            {
                Bail();
            }

            i++;
        }

        // The scalar goes on over several lines.
        Bail();
        return default;
    }

    private string Finish(StringBuilder? builder, int runStart, int end, bool key) =>
        builder is not null ? builder.Append(_text, runStart, end - runStart).ToString()
        : key ? _strings.Get(_text.AsSpan(runStart, end - runStart))
        : new string(_text, runStart, end - runStart);

    private int AppendEscape(StringBuilder builder, int i, int lineEnd)
    {
        if (i >= lineEnd)
        {
            Bail();
        }

        var c = _text[i];
        switch (c)
        {
            case '0': builder.Append('\0'); return i + 1;
            case 'a': builder.Append('\a'); return i + 1;
            case 'b': builder.Append('\b'); return i + 1;
            case 't': builder.Append('\t'); return i + 1;
            case 'n': builder.Append('\n'); return i + 1;
            case 'v': builder.Append('\v'); return i + 1;
            case 'f': builder.Append('\f'); return i + 1;
            case 'r': builder.Append('\r'); return i + 1;
            case 'e': builder.Append('\u001B'); return i + 1;
            case ' ': builder.Append(' '); return i + 1;
            case '"': builder.Append('"'); return i + 1;
            case '\\': builder.Append('\\'); return i + 1;
            case 'N': builder.Append('\u0085'); return i + 1;
            case '_': builder.Append('\u00A0'); return i + 1;
            case 'L': builder.Append('\u2028'); return i + 1;
            case 'P': builder.Append('\u2029'); return i + 1;
            case 'x': return AppendCodePoint(builder, i + 1, 2, lineEnd);
            case 'u': return AppendCodePoint(builder, i + 1, 4, lineEnd);
            case 'U': return AppendCodePoint(builder, i + 1, 8, lineEnd);
            default:
                // Includes \/ (which go-yaml rejects) and escaped line breaks: the complete parser decides.
                Bail();
                return i;
        }
    }

    private int AppendCodePoint(StringBuilder builder, int i, int digits, int lineEnd)
    {
        var code = 0;
        if (i + digits > lineEnd || !int.TryParse(_text.AsSpan(i, digits), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out code) ||
            code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        {
            Bail();
        }

        builder.Append(char.ConvertFromUtf32(code));
        return i + digits;
    }

    private int SkipSpaces(int pos)
    {
        var lineEnd = LineEnd;
        while (pos < lineEnd && _text[pos] == ' ')
        {
            pos++;
        }

        return pos;
    }

    /// <summary>Deeper nesting than the reader allows is an error the complete parser reports.</summary>
    private void CheckNesting(int depth)
    {
        if (depth > MaxNesting || depth > _options.MaxDepth)
        {
            Bail();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Bail() => throw new NotInSubsetException();

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static T Fail<T>() => throw new NotInSubsetException();

    /// <summary>A scalar in a flow collection: its value when quoted, else the extent of its plain text.</summary>
    private readonly record struct FlowToken(string? Quoted, int Start, int End);

    /// <summary>The part uses YAML outside the fast path's subset.</summary>
    private sealed class NotInSubsetException : Exception
    {
    }
}
