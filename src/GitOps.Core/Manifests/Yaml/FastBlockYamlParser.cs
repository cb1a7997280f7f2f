using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Manifests.Yaml;

/// <summary>
/// A fast path for the YAML that tools write and people mostly write: block mappings and sequences indented with
/// spaces, single-line plain and quoted scalars, single-line flow collections, literal block scalars, anchors and
/// aliases, comments. It produces the same events as <see cref="YamlEventParser"/> for that subset and gives up
/// (returns <see langword="false"/>) on anything else or anything doubtful, so that the complete parser, with its
/// exact error messages, reads that part instead. YamlDotNet's scanner is several times slower.
/// </summary>
internal sealed class FastBlockYamlParser
{
    private const int MaxNesting = 100;
    private const int MaxKeyLength = 1024;

    private readonly string _text;
    private readonly List<ParsingEvent> _events = [];
    private readonly List<(int Start, int End)> _lines = [];
    private int _line;

    private FastBlockYamlParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses a part of a stream (at most one document), or returns false when it is outside the subset.</summary>
    public static bool TryParse(string text, out List<ParsingEvent> events)
    {
        var parser = new FastBlockYamlParser(text);
        try
        {
            parser.ParseStream();
            events = parser._events;
            return true;
        }
        catch (NotInSubsetException)
        {
            events = [];
            return false;
        }
    }

    private void ParseStream()
    {
        SplitLines();
        var origin = Mark(0);
        _events.Add(new StreamStart(origin, origin));
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
        _line = Math.Max(first, 0);
        if (first < 0)
        {
            if (explicitStart)
            {
                _events.Add(new DocumentStart(null, null, false, origin, Mark(3)));
                var end = Mark(_text.Length);
                _events.Add(new Scalar(AnchorName.Empty, TagName.Empty, string.Empty, ScalarStyle.Plain, true, false, end, end));
                _events.Add(new DocumentEnd(true, end, end));
            }

            var last = Mark(_text.Length);
            _events.Add(new StreamEnd(last, last));
            return;
        }

        _line = first;
        var (start, _) = _lines[first];
        var indent = Indent(first);
        _events.Add(explicitStart ? new DocumentStart(null, null, false, origin, Mark(3)) : new DocumentStart(null, null, true, Mark(start + indent), Mark(start + indent)));
        var pos = start + indent;
        var c = _text[pos];
        if (c is '[' or '{')
        {
            ParseFlowValue(pos, AnchorName.Empty, pos, 1);
        }
        else if (IsSequenceEntry(pos))
        {
            ParseSequence(indent, pos, 1);
        }
        else if (TryFindKeyEnd(pos, out _))
        {
            ParseMapping(indent, pos, AnchorName.Empty, pos, 1);
        }
        else
        {
            Bail();
        }

        if (NextContentLine(_line + 1) >= 0)
        {
            Bail();
        }

        var done = Mark(_text.Length);
        _events.Add(new DocumentEnd(true, done, done));
        _events.Add(new StreamEnd(done, done));
    }

    private void SplitLines()
    {
        var start = 0;
        while (start <= _text.Length)
        {
            var newline = _text.IndexOf('\n', start);
            var end = newline < 0 ? _text.Length : newline;
            var contentEnd = end > start && _text[end - 1] == '\r' ? end - 1 : end;
            _lines.Add((start, contentEnd));
            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
        }

        foreach (var (lineStart, lineEnd) in _lines)
        {
            var line = _text.AsSpan(lineStart, lineEnd - lineStart);
            var content = line.TrimStart(' ');
            if (!content.IsEmpty && (content[0] == '\t' || content[0] == '%' || line.StartsWith("...", StringComparison.Ordinal) ||
                (lineStart > 0 && line.StartsWith("---", StringComparison.Ordinal))))
            {
                // Tabs in indentation, directives, document markers: leave them to the complete parser.
                Bail();
            }

            if (line.Contains('\r'))
            {
                Bail();
            }
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

    private Mark Mark(int index)
    {
        // Lines are few per part and visited in order, so a search from the current line is cheap.
        var line = Math.Min(_line, _lines.Count - 1);
        while (line > 0 && _lines[line].Start > index)
        {
            line--;
        }

        while (line + 1 < _lines.Count && _lines[line + 1].Start <= index)
        {
            line++;
        }

        return new Mark(index, line + 1, index - _lines[line].Start + 1);
    }

    private bool IsSequenceEntry(int pos) =>
        _text[pos] == '-' && (pos + 1 == _text.Length || _text[pos + 1] is ' ' or '\n' or '\r');

    private void ParseSequence(int indent, int dash, int depth)
    {
        CheckNesting(depth);
        _events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block, Mark(dash), Mark(dash + 1)));
        while (true)
        {
            var pos = SkipSpaces(dash + 1);
            if (pos < LineEnd && _text[pos] != '#' && IsSequenceEntry(pos))
            {
                ParseSequence(pos - _lines[_line].Start, pos, depth + 1);
            }
            else if (pos < LineEnd && _text[pos] != '#' && TryFindKeyEnd(pos, out _))
            {
                ParseMapping(pos - _lines[_line].Start, pos, AnchorName.Empty, pos, depth + 1);
            }
            else
            {
                ParseValue(pos, indent, depth + 1, mappingValue: false);
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

        var end = Mark(LineEnd);
        _events.Add(new SequenceEnd(end, end));
    }

    private void ParseMapping(int indent, int keyPos, AnchorName anchor, int start, int depth)
    {
        CheckNesting(depth);
        _events.Add(new MappingStart(anchor, TagName.Empty, true, MappingStyle.Block, Mark(start), Mark(keyPos)));
        while (true)
        {
            if (!TryFindKeyEnd(keyPos, out var colon))
            {
                Bail();
            }

            AddKey(keyPos, colon);
            ParseValue(SkipSpaces(colon + 1), indent, depth + 1, mappingValue: true);
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

        var end = Mark(LineEnd);
        _events.Add(new MappingEnd(end, end));
    }

    /// <summary>Parses a value starting at <paramref name="pos"/> on the current line; leaves <see cref="_line"/> on its last line.</summary>
    private void ParseValue(int pos, int parentIndent, int depth, bool mappingValue)
    {
        var anchor = AnchorName.Empty;
        var start = pos;
        if (pos < LineEnd && _text[pos] == '&')
        {
            var nameEnd = pos + 1;
            while (nameEnd < LineEnd && _text[nameEnd] != ' ' && _text[nameEnd] is not (',' or '[' or ']' or '{' or '}'))
            {
                nameEnd++;
            }

            if (nameEnd == pos + 1)
            {
                Bail();
            }

            anchor = new AnchorName(_text[(pos + 1)..nameEnd]);
            pos = SkipSpaces(nameEnd);
        }

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
                    if (!anchor.IsEmpty)
                    {
                        Bail();
                    }

                    ParseSequence(Indent(next), nextPos, depth);
                }
                else if (_text[nextPos] is not ('[' or '{' or '"' or '\'') && TryFindKeyEnd(nextPos, out _))
                {
                    ParseMapping(Indent(next), nextPos, anchor, anchor.IsEmpty ? nextPos : start, depth);
                }
                else
                {
                    Bail();
                }

                return;
            }

            if (mappingValue && next >= 0 && Indent(next) == parentIndent && IsSequenceEntry(_lines[next].Start + parentIndent))
            {
                // An indentless sequence: "key:" followed by "- item" lines at the key's own indentation.
                if (!anchor.IsEmpty)
                {
                    Bail();
                }

                _line = next;
                ParseSequence(parentIndent, _lines[next].Start + parentIndent, depth);
                return;
            }

            var at = Mark(pos);
            _events.Add(new Scalar(anchor, TagName.Empty, string.Empty, ScalarStyle.Plain, true, false, anchor.IsEmpty ? at : Mark(start), at));
            return;
        }

        var c = _text[pos];
        switch (c)
        {
            case '*':
                if (!anchor.IsEmpty)
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
                _events.Add(new AnchorAlias(new AnchorName(_text[(pos + 1)..aliasEnd]), Mark(pos), Mark(aliasEnd)));
                CheckNoContinuation(parentIndent);
                return;
            case '|':
                ParseLiteral(pos, parentIndent, anchor, start);
                return;
            case '[' or '{':
                ParseFlowValue(pos, anchor, start, depth);
                return;
            case '"' or '\'':
                var (value, end) = ReadQuoted(pos);
                ExpectLineRestBlank(end);
                _events.Add(new Scalar(anchor, TagName.Empty, value, c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, false, true, Mark(start), Mark(end)));
                CheckNoContinuation(parentIndent);
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
                var text = _text[pos..plainEnd];
                if (text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':'))
                {
                    Bail();
                }

                _events.Add(new Scalar(anchor, TagName.Empty, text, ScalarStyle.Plain, true, false, Mark(start), Mark(plainEnd)));
                CheckNoContinuation(parentIndent);
                return;
        }
    }

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
            var content = LineText(i).TrimStart(' ');
            if (content.IsEmpty)
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
            var (_, end) = ReadQuoted(pos);
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

    private void AddKey(int pos, int colon)
    {
        var c = _text[pos];
        if (c is '"' or '\'')
        {
            var (value, end) = ReadQuoted(pos);
            _events.Add(new Scalar(AnchorName.Empty, TagName.Empty, value, c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, false, true, Mark(pos), Mark(end)));
            return;
        }

        var keyEnd = colon;
        while (keyEnd > pos && _text[keyEnd - 1] == ' ')
        {
            keyEnd--;
        }

        if (keyEnd - pos > MaxKeyLength || _text.AsSpan(pos, keyEnd - pos).Contains('\t'))
        {
            Bail();
        }

        _events.Add(new Scalar(AnchorName.Empty, TagName.Empty, _text[pos..keyEnd], ScalarStyle.Plain, true, false, Mark(pos), Mark(keyEnd)));
    }

    private void ParseLiteral(int pos, int parentIndent, AnchorName anchor, int start)
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
        var lines = new List<string>();
        var lastContent = -1;
        var i = _line + 1;
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

                lines.Add(string.Empty);
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

            lines.Add(line[blockIndent..].ToString());
            lastContent = lines.Count - 1;
        }

        if (lastContent < 0)
        {
            Bail();
        }

        var builder = new StringBuilder();
        for (var j = 0; j <= lastContent; j++)
        {
            if (j > 0)
            {
                builder.Append('\n');
            }

            builder.Append(lines[j]);
        }

        var trailing = lines.Count - 1 - lastContent;
        if (chomp != '-')
        {
            builder.Append('\n');
        }

        if (chomp == '+')
        {
            builder.Append('\n', trailing);
        }

        var lastLine = _line + 1 + lastContent;
        _line = chomp == '+' ? i - 1 : lastLine;
        _events.Add(new Scalar(anchor, TagName.Empty, builder.ToString(), ScalarStyle.Literal, false, true, Mark(start), Mark(_lines[lastLine].End)));
    }

    private void ParseFlowValue(int pos, AnchorName anchor, int start, int depth)
    {
        var end = ParseFlow(pos, anchor, start, depth);
        ExpectLineRestBlank(end);
    }

    /// <summary>Parses a flow collection that must end on the current line; returns the index after it.</summary>
    private int ParseFlow(int pos, AnchorName anchor, int start, int depth)
    {
        CheckNesting(depth);
        var lineEnd = LineEnd;
        var isMapping = _text[pos] == '{';
        var close = isMapping ? '}' : ']';
        _events.Add(isMapping
            ? new MappingStart(anchor, TagName.Empty, true, MappingStyle.Flow, Mark(start), Mark(pos + 1))
            : new SequenceStart(anchor, TagName.Empty, true, SequenceStyle.Flow, Mark(start), Mark(pos + 1)));
        pos = SkipSpaces(pos + 1);
        if (pos < lineEnd && _text[pos] == close)
        {
            AddFlowEnd(isMapping, pos);
            return pos + 1;
        }

        while (true)
        {
            if (isMapping)
            {
                pos = ParseFlowScalar(pos, key: true);
                pos = SkipSpaces(pos);
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

            pos = pos < lineEnd && _text[pos] is '[' or '{' ? ParseFlow(pos, AnchorName.Empty, pos, depth + 1) : ParseFlowScalar(pos, key: false);
            pos = SkipSpaces(pos);
            if (pos >= lineEnd)
            {
                Bail();
            }

            if (_text[pos] == close)
            {
                AddFlowEnd(isMapping, pos);
                return pos + 1;
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

    private void AddFlowEnd(bool isMapping, int pos) =>
        _events.Add(isMapping ? new MappingEnd(Mark(pos), Mark(pos + 1)) : new SequenceEnd(Mark(pos), Mark(pos + 1)));

    private int ParseFlowScalar(int pos, bool key)
    {
        var lineEnd = LineEnd;
        if (pos >= lineEnd)
        {
            Bail();
        }

        var c = _text[pos];
        if (c is '"' or '\'')
        {
            var (quoted, quotedEnd) = ReadQuoted(pos);
            _events.Add(new Scalar(AnchorName.Empty, TagName.Empty, quoted, c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, false, true, Mark(pos), Mark(quotedEnd)));
            return quotedEnd;
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

        _events.Add(new Scalar(AnchorName.Empty, TagName.Empty, _text[pos..end], ScalarStyle.Plain, true, false, Mark(pos), Mark(end)));
        return end;
    }

    /// <summary>Reads a quoted scalar that ends on the current line; returns its value and the index after the closing quote.</summary>
    private (string Value, int End) ReadQuoted(int pos)
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

                return (Finish(builder, runStart, i), i + 1);
            }

            if (quote == '"' && c == '"')
            {
                return (Finish(builder, runStart, i), i + 1);
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

    private string Finish(StringBuilder? builder, int runStart, int end) =>
        builder is null ? _text[runStart..end] : builder.Append(_text, runStart, end - runStart).ToString();

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

    private static void CheckNesting(int depth)
    {
        if (depth > MaxNesting)
        {
            Bail();
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Bail() => throw new NotInSubsetException();

    /// <summary>The part uses YAML outside the fast path's subset.</summary>
    private sealed class NotInSubsetException : Exception
    {
    }
}
