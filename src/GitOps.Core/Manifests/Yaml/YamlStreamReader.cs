using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Manifests.Yaml;

/// <summary>
/// Turns YamlDotNet's parsing events into JSON trees with go-yaml v2's semantics as used by sigs.k8s.io/yaml:
/// YAML 1.1 scalar resolution, aliases expanded (within a budget), merge keys applied in go-yaml v2's order,
/// and non-string keys converted to strings as sigs.k8s.io/yaml does.
/// </summary>
internal sealed class YamlStreamReader
{
    private readonly YamlEventParser _parser;
    private readonly string _file;
    private readonly ManifestReaderOptions _options;
    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
    private List<(int Line, int Column)> _itemPositions = [];
    private int _documentIndex;
    private long _nodeCount;
    private long _aliasNodes;

    private readonly string _text;
    private readonly int _lineOffset;

    /// <summary>Characters go-yaml's reader refuses anywhere in a stream ("control characters are not allowed").</summary>
    internal static readonly System.Buffers.SearchValues<char> ForbiddenCharacters = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0080\u0081\u0082\u0083\u0084\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F" +
        "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F\uFFFE\uFFFF");

    private YamlStreamReader(string text, string file, ManifestReaderOptions options, int lineOffset)
    {
        _text = text;
        _lineOffset = lineOffset;
        _parser = new YamlEventParser(new StringReader(text));
        _file = file;
        _options = options;
    }

    /// <summary>Reads the documents of one part of a stream: by the fast path when it can, else by the complete parser.</summary>
    /// <param name="text">The stream's text.</param>
    /// <param name="start">Where the part starts in <paramref name="text"/>.</param>
    /// <param name="length">The part's length.</param>
    /// <param name="file">The file name for locations.</param>
    /// <param name="options">Limits and checks.</param>
    /// <param name="lineOffset">How many lines of the stream come before the part, added to every line reported.</param>
    /// <param name="fast">The fast path, reused from part to part; <see langword="null"/> when disabled.</param>
    /// <exception cref="ManifestFormatException">The part is not valid (thrown while enumerating).</exception>
    public static IEnumerable<YamlDocument> Read(char[] text, int start, int length, string file, ManifestReaderOptions options, int lineOffset, FastBlockYamlParser? fast)
    {
        if (fast is not null && fast.TryParse(text, start, length, lineOffset, out var document))
        {
            return document is null ? [] : [document];
        }

        return new YamlStreamReader(new string(text, start, length), file, options, lineOffset).ReadDocuments();
    }

    /// <summary>Reads the documents one by one.</summary>
    /// <exception cref="ManifestFormatException">The stream is not valid.</exception>
    private IEnumerable<YamlDocument> ReadDocuments()
    {
        CheckCharacters();
        Next();
        Expect<StreamStart>();
        Next();
        while (_parser.Current is DocumentStart documentStart)
        {
            CheckDocumentStart(documentStart);
            Next();
            _anchors.Clear();
            _aliasNodes = 0;
            _nodeCount = 0;
            _itemPositions = [];
            var start = _parser.Current!.Start;
            var root = ReadValue(0, path: RootPath.Root);
            Next();
            Expect<DocumentEnd>();
            yield return new YamlDocument(root, (int)start.Line + _lineOffset, (int)start.Column, _documentIndex, _itemPositions);
            _documentIndex++;
            Next();
        }

        Expect<StreamEnd>();
    }

    /// <summary>
    /// kubectl splits streams on <c>---</c> lines before parsing, so it rejects directives and content on the
    /// separator line (<c>--- {a: 1}</c>); do the same rather than accept what Kubernetes tools refuse.
    /// </summary>
    private void CheckDocumentStart(DocumentStart start)
    {
        var index = (int)start.Start.Index;
        if (index >= _text.Length)
        {
            return;
        }

        if (_text[index] == '%' || start.Version is not null)
        {
            throw new ManifestFormatException(At(start.Start), "YAML directives (%YAML, %TAG) are not supported by Kubernetes tooling");
        }

        if (!start.IsImplicit && _text.AsSpan(index).StartsWith("---", StringComparison.Ordinal))
        {
            var end = _text.IndexOf('\n', index);
            var rest = _text.AsSpan(index + 3, (end < 0 ? _text.Length : end) - index - 3).Trim();
            if (!rest.IsEmpty && rest[0] != '#')
            {
                throw new ManifestFormatException(At(start.Start), "invalid document separator: Kubernetes tooling needs the document to start on the line after ---");
            }
        }
    }

    /// <summary>go-yaml v2 (YAML 1.1) has no <c>\/</c> escape, which YamlDotNet (YAML 1.2) accepts.</summary>
    private void CheckEscapes(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.DoubleQuoted || !scalar.Value.Contains('/', StringComparison.Ordinal))
        {
            return;
        }

        var end = Math.Min((int)scalar.End.Index, _text.Length);
        for (var i = (int)scalar.Start.Index; i < end - 1; i++)
        {
            if (_text[i] == '\\')
            {
                if (_text[i + 1] == '/')
                {
                    throw new ManifestFormatException(At(scalar.Start), "found unknown escape character \\/ (YAML 1.1 has no such escape; write / alone)");
                }

                i++;
            }
        }
    }

    private void Next()
    {
        try
        {
            _parser.MoveNext();
        }
        catch (YamlException e)
        {
            // "While scanning X, found Y" errors carry the context in Start and the culprit in End.
            var at = e.Message.Contains("While ", StringComparison.Ordinal) && e.End.Line > 0 ? e.End : e.Start;
            var location = At(at);
            if (e.Message.Contains("tab", StringComparison.Ordinal))
            {
                // YamlDotNet marks the enclosing mapping; point at the line indented with a tab instead.
                location = FindTabIndentation((int)at.Line) ?? location;
            }

            throw new ManifestFormatException(location, Describe(e), e);
        }
    }

    private void Expect<T>()
        where T : ParsingEvent
    {
        if (_parser.Current is not T)
        {
            var current = _parser.Current;
            throw new ManifestFormatException(At(current?.Start ?? Mark.Empty), $"unexpected {current?.GetType().Name ?? "end of input"} in the YAML stream");
        }
    }

    /// <summary>Reads the node at the current event; leaves the parser on the node's last event.</summary>
    private JsonNode? ReadValue(int depth, RootPath path)
    {
        var current = _parser.Current!;
        var before = _nodeCount;
        JsonNode? node;
        YamlScalar? resolved = null;
        switch (current)
        {
            case Scalar scalar:
                resolved = Resolve(scalar);
                _nodeCount++;
                node = ToJson(resolved.Value, scalar.Start);
                break;
            case AnchorAlias alias:
                return Expand(alias);
            case SequenceStart sequence:
                CheckCollectionTag(sequence, YamlTags.Seq);
                node = ReadSequence(sequence, depth + 1, path);
                break;
            case MappingStart mapping:
                CheckCollectionTag(mapping, YamlTags.Map);
                node = ReadMapping(mapping, depth + 1, path);
                break;
            default:
                throw new ManifestFormatException(At(current.Start), $"unexpected {current.GetType().Name} in the YAML stream");
        }

        var anchor = ((NodeEvent)current).Anchor;
        if (!anchor.IsEmpty)
        {
            // Keep a private copy: the tree handed out may be changed by the caller or by merges.
            _anchors[anchor.Value] = new Anchored(resolved is null ? node?.DeepClone() : null, resolved, _nodeCount - before);
        }

        return node;
    }

    private JsonArray ReadSequence(SequenceStart start, int depth, RootPath path)
    {
        CheckDepth(depth, start.Start);
        _nodeCount++;
        var array = new JsonArray();
        var itemPath = path == RootPath.Items ? RootPath.Item : RootPath.Other;
        if (itemPath == RootPath.Item)
        {
            _itemPositions = [];
        }

        while (true)
        {
            Next();
            if (_parser.Current is SequenceEnd)
            {
                return array;
            }

            var itemStart = _parser.Current!.Start;
            var item = ReadValue(depth, itemPath);
            if (itemPath == RootPath.Item)
            {
                _itemPositions.Add(((int)itemStart.Line + _lineOffset, (int)itemStart.Column));
            }

            array.Add(item);
        }
    }

    private JsonObject ReadMapping(MappingStart start, int depth, RootPath path)
    {
        CheckDepth(depth, start.Start);
        _nodeCount++;
        var map = new JsonObject();
        HashSet<string>? explicitKeys = null;
        while (true)
        {
            Next();
            var keyEvent = _parser.Current!;
            if (keyEvent is MappingEnd)
            {
                return map;
            }

            var key = ReadKey(keyEvent, out var isMerge);
            Next();
            if (isMerge)
            {
                explicitKeys ??= new HashSet<string>(map.Select(p => p.Key), StringComparer.Ordinal);
                var valueStart = _parser.Current!.Start;
                Merge(map, ReadValue(depth, RootPath.Other), valueStart);
                continue;
            }

            var value = ReadValue(depth, path == RootPath.Root && key == "items" ? RootPath.Items : RootPath.Other);
            var duplicate = explicitKeys is null ? map.ContainsKey(key) : !explicitKeys.Add(key);
            if (duplicate && !_options.AllowDuplicateKeys)
            {
                throw new ManifestFormatException(At(keyEvent.Start), $"mapping key \"{key}\" already defined");
            }

            if (duplicate || explicitKeys is not null)
            {
                // go-yaml v2 lets a later key replace a merged value (and, leniently, a repeated key).
                map[key] = value;
            }
            else
            {
                map.Add(key, value);
            }
        }
    }

    /// <summary>Reads a key and converts it to the string sigs.k8s.io/yaml would use.</summary>
    private string ReadKey(ParsingEvent keyEvent, out bool isMerge)
    {
        isMerge = false;
        YamlScalar scalar;
        switch (keyEvent)
        {
            case Scalar s:
                if (s.Value == "<<" && ((s.Style == ScalarStyle.Plain && s.Tag.IsEmpty) || (!s.Tag.IsEmpty && s.Tag.Value == YamlTags.Merge)))
                {
                    isMerge = true;
                    return s.Value;
                }

                scalar = Resolve(s);
                if (!s.Anchor.IsEmpty)
                {
                    _anchors[s.Anchor.Value] = new Anchored(null, scalar, 1);
                }

                break;
            case AnchorAlias alias:
                var target = LookUp(alias);
                if (target.Scalar is not { } aliased)
                {
                    throw new ManifestFormatException(At(alias.Start), "invalid map key: a mapping or sequence cannot be a key");
                }

                scalar = aliased;
                break;
            default:
                throw new ManifestFormatException(At(keyEvent.Start), "invalid map key: a mapping or sequence cannot be a key");
        }

        return YamlJsonConversion.KeyText(scalar) ?? throw new ManifestFormatException(
            At(keyEvent.Start),
            scalar.Kind == YamlScalarKind.UInt64 ? $"unsupported map key of type uint64: {scalar.UInt}" : "unsupported map key: null");
    }

    private void Merge(JsonObject map, JsonNode? value, Mark at)
    {
        switch (value)
        {
            case JsonObject source:
                MoveInto(map, source);
                break;
            case JsonArray sources when sources.All(s => s is JsonObject):
                // go-yaml v2 applies the list from last to first, so earlier maps take precedence.
                for (var i = sources.Count - 1; i >= 0; i--)
                {
                    MoveInto(map, (JsonObject)sources[i]!);
                }

                break;
            default:
                throw new ManifestFormatException(At(at), "map merge requires map or sequence of maps as the value");
        }
    }

    private static void MoveInto(JsonObject target, JsonObject source)
    {
        var entries = source.ToList();
        source.Clear();
        foreach (var (key, value) in entries)
        {
            target[key] = value;
        }
    }

    private JsonNode? Expand(AnchorAlias alias)
    {
        var target = LookUp(alias);
        _aliasNodes += target.NodeCount;
        _nodeCount += target.NodeCount;
        if (_aliasNodes > _options.MaxAliasExpansionNodes)
        {
            throw new ManifestFormatException(
                At(alias.Start),
                $"alias expansion exceeds {_options.MaxAliasExpansionNodes} nodes (MaxAliasExpansionNodes); the document aliases excessively");
        }

        return target.Scalar is { } scalar ? ToJson(scalar, alias.Start) : target.Node?.DeepClone();
    }

    private Anchored LookUp(AnchorAlias alias) =>
        _anchors.TryGetValue(alias.Value.Value, out var target)
            ? target
            : throw new ManifestFormatException(At(alias.Start), $"unknown anchor '{alias.Value.Value}' referenced");

    private void CheckCollectionTag(NodeEvent collection, string expected)
    {
        if (_options.RejectUnknownTags && !collection.Tag.IsEmpty && collection.Tag.Value != expected && collection.Tag.Value != "!")
        {
            throw new ManifestFormatException(At(collection.Start), $"unknown tag {YamlTags.Short(collection.Tag.Value)} (RejectUnknownTags)");
        }
    }

    private YamlScalar Resolve(Scalar scalar)
    {
        if (_options.RejectUnknownTags && !scalar.Tag.IsEmpty && !YamlTags.IsScalarTag(scalar.Tag.Value))
        {
            throw new ManifestFormatException(At(scalar.Start), $"unknown tag {YamlTags.Short(scalar.Tag.Value)} (RejectUnknownTags)");
        }

        CheckEscapes(scalar);
        var tag = scalar.Tag.IsEmpty ? string.Empty : scalar.Tag.Value;
        var plain = scalar.Style == ScalarStyle.Plain;
        if (YamlScalarResolver.TryResolve(tag, scalar.Value, plain, out var result, out var error))
        {
            return result;
        }

        throw new ManifestFormatException(At(scalar.Start), error!);
    }

    private JsonValue? ToJson(YamlScalar scalar, Mark at) => YamlJsonConversion.HasJsonForm(scalar)
        ? YamlJsonConversion.ToJsonValue(scalar)
        : throw new ManifestFormatException(
            At(at),
            $"{(double.IsNaN(scalar.Float) ? ".nan" : scalar.Float > 0 ? ".inf" : "-.inf")} has no JSON form; Kubernetes tooling rejects it (quote it to keep it as a string)");

    private void CheckDepth(int depth, Mark at)
    {
        if (depth > _options.MaxDepth)
        {
            throw new ManifestFormatException(At(at), $"nesting is deeper than {_options.MaxDepth} levels (MaxDepth)");
        }
    }

    private SourceLocation At(Mark mark) => new(_file, (int)mark.Line + _lineOffset, (int)mark.Column, _documentIndex);

    private void CheckCharacters()
    {
        var index = _text.AsSpan().IndexOfAny(ForbiddenCharacters);
        if (index < 0)
        {
            return;
        }

        var line = 1 + _text.AsSpan(0, index).Count('\n');
        var lineStart = index == 0 ? 0 : _text.LastIndexOf('\n', index - 1) + 1;
        throw new ManifestFormatException(
            new SourceLocation(_file, line + _lineOffset, index - lineStart + 1, 0),
            $"control characters are not allowed (U+{(int)_text[index]:X4}); escape them in a double-quoted string");
    }

    private SourceLocation? FindTabIndentation(int fromLine)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < _text.Length; i++)
        {
            var c = _text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
            }
            else if (c == '\t' && line >= fromLine && _text.AsSpan(lineStart, i - lineStart).Trim(' ').IsEmpty)
            {
                return new SourceLocation(_file, line + _lineOffset, i - lineStart + 1, _documentIndex);
            }
        }

        return null;
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes its messages with the marks; the location is reported separately.
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }

    /// <summary>Where a node sits relative to the document root, to record positions of list items.</summary>
    private enum RootPath
    {
        Root,
        Items,
        Item,
        Other,
    }

    /// <summary>An anchored node: a private tree (collections) or a resolved scalar, and its size in nodes.</summary>
    private sealed record Anchored(JsonNode? Node, YamlScalar? Scalar, long NodeCount);
}
