using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Tokens = YamlDotNet.Core.Tokens;

namespace GitOps.Manifests.Yaml;

/// <summary>
/// Turns YamlDotNet's scanner tokens into parsing events following the grammar of libyaml, which go-yaml v2
/// ports. It replaces YamlDotNet's <see cref="Parser"/>, which interns every mapping key through
/// <see cref="string.IsInterned(string)"/> (a global lock that took most of the reading time), and it differs
/// from that parser where YamlDotNet is more lenient than libyaml (such as flow mappings without commas).
/// Directives are refused, since Kubernetes tooling cannot read them.
/// </summary>
internal sealed class YamlEventParser : IParser
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    private readonly Scanner _scanner;
    private readonly Stack<State> _states = new();
    private State _state = State.StreamStart;
    private Tokens.Token? _token;

    public YamlEventParser(TextReader input)
    {
        _scanner = new Scanner(input, skipComments: true);
    }

    private enum State
    {
        StreamStart,
        ImplicitDocumentStart,
        DocumentStart,
        DocumentContent,
        DocumentEnd,
        BlockNode,
        BlockNodeOrIndentlessSequence,
        FlowNode,
        BlockSequenceFirstEntry,
        BlockSequenceEntry,
        IndentlessSequenceEntry,
        BlockMappingFirstKey,
        BlockMappingKey,
        BlockMappingValue,
        FlowSequenceFirstEntry,
        FlowSequenceEntry,
        FlowSequenceEntryMappingKey,
        FlowSequenceEntryMappingValue,
        FlowSequenceEntryMappingEnd,
        FlowMappingFirstKey,
        FlowMappingKey,
        FlowMappingValue,
        FlowMappingEmptyValue,
        End,
    }

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        if (_state == State.End)
        {
            Current = null;
            return false;
        }

        Current = NextEvent();
        return true;
    }

    private ParsingEvent NextEvent() => _state switch
    {
        State.StreamStart => StreamStart(),
        State.ImplicitDocumentStart => DocumentStart(isImplicit: true),
        State.DocumentStart => DocumentStart(isImplicit: false),
        State.DocumentContent => DocumentContent(),
        State.DocumentEnd => DocumentEnd(),
        State.BlockNode => Node(block: true, indentlessSequence: false),
        State.BlockNodeOrIndentlessSequence => Node(block: true, indentlessSequence: true),
        State.FlowNode => Node(block: false, indentlessSequence: false),
        State.BlockSequenceFirstEntry => BlockSequenceEntry(first: true),
        State.BlockSequenceEntry => BlockSequenceEntry(first: false),
        State.IndentlessSequenceEntry => IndentlessSequenceEntry(),
        State.BlockMappingFirstKey => BlockMappingKey(first: true),
        State.BlockMappingKey => BlockMappingKey(first: false),
        State.BlockMappingValue => BlockMappingValue(),
        State.FlowSequenceFirstEntry => FlowSequenceEntry(first: true),
        State.FlowSequenceEntry => FlowSequenceEntry(first: false),
        State.FlowSequenceEntryMappingKey => FlowSequenceEntryMappingKey(),
        State.FlowSequenceEntryMappingValue => FlowSequenceEntryMappingValue(),
        State.FlowSequenceEntryMappingEnd => FlowSequenceEntryMappingEnd(),
        State.FlowMappingFirstKey => FlowMappingKey(first: true),
        State.FlowMappingKey => FlowMappingKey(first: false),
        State.FlowMappingValue => FlowMappingValue(empty: false),
        State.FlowMappingEmptyValue => FlowMappingValue(empty: true),
        _ => throw new InvalidOperationException("The YAML stream has ended."),
    };

    private Tokens.Token Peek()
    {
        if (_token is null)
        {
            if (!_scanner.MoveNextWithoutConsuming() || _scanner.Current is null)
            {
                var at = _scanner.CurrentPosition;
                throw new SyntaxErrorException(at, at, "Unexpected end of the YAML stream.");
            }

            _token = _scanner.Current;
        }

        return _token;
    }

    private void Skip()
    {
        _token = null;
        _scanner.ConsumeCurrent();
    }

    private State Pop() => _states.Pop();

    private static Scalar EmptyScalar(Mark at) => new(AnchorName.Empty, TagName.Empty, string.Empty, ScalarStyle.Plain, true, false, at, at);

    private StreamStart StreamStart()
    {
        var token = Peek();
        if (token is not Tokens.StreamStart)
        {
            throw new SemanticErrorException(token.Start, token.End, "Did not find expected <stream-start>.");
        }

        Skip();
        _state = State.ImplicitDocumentStart;
        return new StreamStart(token.Start, token.End);
    }

    private ParsingEvent DocumentStart(bool isImplicit)
    {
        var token = Peek();
        if (!isImplicit)
        {
            while (token is Tokens.DocumentEnd)
            {
                Skip();
                token = Peek();
            }
        }

        if (token is Tokens.VersionDirective or Tokens.TagDirective)
        {
            throw new SemanticErrorException(token.Start, token.End, "YAML directives (%YAML, %TAG) are not supported by Kubernetes tooling.");
        }

        if (isImplicit && token is not (Tokens.DocumentStart or Tokens.StreamEnd))
        {
            _states.Push(State.DocumentEnd);
            _state = State.BlockNode;
            return new DocumentStart(null, null, true, token.Start, token.End);
        }

        if (token is Tokens.StreamEnd)
        {
            _state = State.End;
            return new StreamEnd(token.Start, token.End);
        }

        if (token is not Tokens.DocumentStart)
        {
            throw new SemanticErrorException(token.Start, token.End, "Did not find expected <document start>.");
        }

        _states.Push(State.DocumentEnd);
        _state = State.DocumentContent;
        var start = new DocumentStart(null, null, false, token.Start, token.End);
        Skip();
        return start;
    }

    private ParsingEvent DocumentContent()
    {
        var token = Peek();
        if (token is Tokens.VersionDirective or Tokens.TagDirective or Tokens.DocumentStart or Tokens.DocumentEnd or Tokens.StreamEnd)
        {
            _state = Pop();
            return EmptyScalar(token.Start);
        }

        return Node(block: true, indentlessSequence: false);
    }

    private DocumentEnd DocumentEnd()
    {
        var token = Peek();
        var end = token.Start;
        var isImplicit = true;
        if (token is Tokens.DocumentEnd)
        {
            end = token.End;
            Skip();
            isImplicit = false;
        }

        _state = State.DocumentStart;
        return new DocumentEnd(isImplicit, token.Start, end);
    }

    private ParsingEvent Node(bool block, bool indentlessSequence)
    {
        var token = Peek();
        if (token is Tokens.AnchorAlias alias)
        {
            _state = Pop();
            Skip();
            return new AnchorAlias(alias.Value, alias.Start, alias.End);
        }

        var start = token.Start;
        var end = start;
        var anchor = AnchorName.Empty;
        Tokens.Tag? tagToken = null;
        for (var i = 0; i < 2; i++)
        {
            // An anchor and a tag may come in either order.
            if (anchor.IsEmpty && token is Tokens.Anchor a)
            {
                anchor = a.Value;
                end = a.End;
                Skip();
                token = Peek();
            }
            else if (tagToken is null && token is Tokens.Tag t)
            {
                tagToken = t;
                end = t.End;
                Skip();
                token = Peek();
            }
        }

        var tag = tagToken is null ? TagName.Empty : ResolveTag(tagToken);
        var isImplicit = tag.IsEmpty;
        if (indentlessSequence && token is Tokens.BlockEntry)
        {
            _state = State.IndentlessSequenceEntry;
            return new SequenceStart(anchor, tag, isImplicit, SequenceStyle.Block, start, token.End);
        }

        switch (token)
        {
            case Tokens.Scalar scalar:
                var plainImplicit = (scalar.Style == ScalarStyle.Plain && tag.IsEmpty) || (!tag.IsEmpty && tag.Value == "!");
                var quotedImplicit = !plainImplicit && tag.IsEmpty;
                _state = Pop();
                Skip();
                return new Scalar(anchor, tag, scalar.Value, scalar.Style, plainImplicit, quotedImplicit, start, scalar.End);
            case Tokens.FlowSequenceStart:
                _state = State.FlowSequenceFirstEntry;
                return new SequenceStart(anchor, tag, isImplicit, SequenceStyle.Flow, start, token.End);
            case Tokens.FlowMappingStart:
                _state = State.FlowMappingFirstKey;
                return new MappingStart(anchor, tag, isImplicit, MappingStyle.Flow, start, token.End);
            case Tokens.BlockSequenceStart when block:
                _state = State.BlockSequenceFirstEntry;
                return new SequenceStart(anchor, tag, isImplicit, SequenceStyle.Block, start, token.End);
            case Tokens.BlockMappingStart when block:
                _state = State.BlockMappingFirstKey;
                return new MappingStart(anchor, tag, isImplicit, MappingStyle.Block, start, token.End);
        }

        if (!anchor.IsEmpty || tagToken is not null)
        {
            // An anchor or tag with no content is an empty scalar.
            _state = Pop();
            return new Scalar(anchor, tag, string.Empty, ScalarStyle.Plain, isImplicit, false, start, end);
        }

        throw new SemanticErrorException(start, token.End, $"While parsing a {(block ? "block" : "flow")} node, did not find expected node content.");
    }

    private static TagName ResolveTag(Tokens.Tag tag)
    {
        var name = tag.Handle switch
        {
            "" => tag.Suffix,
            "!" => "!" + tag.Suffix,
            "!!" => CoreTagPrefix + tag.Suffix,
            _ => throw new SemanticErrorException(tag.Start, tag.End, $"While parsing a node, found undefined tag handle {tag.Handle}."),
        };

        try
        {
            return new TagName(name);
        }
        catch (ArgumentException e)
        {
            throw new SemanticErrorException(tag.Start, tag.End, $"Invalid tag {name}: {e.Message}");
        }
    }

    private ParsingEvent BlockSequenceEntry(bool first)
    {
        if (first)
        {
            Skip();
        }

        var token = Peek();
        if (token is Tokens.BlockEntry)
        {
            var mark = token.End;
            Skip();
            if (Peek() is not (Tokens.BlockEntry or Tokens.BlockEnd))
            {
                _states.Push(State.BlockSequenceEntry);
                return Node(block: true, indentlessSequence: false);
            }

            _state = State.BlockSequenceEntry;
            return EmptyScalar(mark);
        }

        if (token is Tokens.BlockEnd)
        {
            _state = Pop();
            Skip();
            return new SequenceEnd(token.Start, token.End);
        }

        throw new SemanticErrorException(token.Start, token.End, "While parsing a block collection, did not find expected '-' indicator.");
    }

    private ParsingEvent IndentlessSequenceEntry()
    {
        var token = Peek();
        if (token is Tokens.BlockEntry)
        {
            var mark = token.End;
            Skip();
            if (Peek() is not (Tokens.BlockEntry or Tokens.Key or Tokens.Value or Tokens.BlockEnd))
            {
                _states.Push(State.IndentlessSequenceEntry);
                return Node(block: true, indentlessSequence: false);
            }

            _state = State.IndentlessSequenceEntry;
            return EmptyScalar(mark);
        }

        _state = Pop();
        return new SequenceEnd(token.Start, token.Start);
    }

    private ParsingEvent BlockMappingKey(bool first)
    {
        if (first)
        {
            Skip();
        }

        var token = Peek();
        if (token is Tokens.Key)
        {
            var mark = token.End;
            Skip();
            if (Peek() is not (Tokens.Key or Tokens.Value or Tokens.BlockEnd))
            {
                _states.Push(State.BlockMappingValue);
                return Node(block: true, indentlessSequence: true);
            }

            _state = State.BlockMappingValue;
            return EmptyScalar(mark);
        }

        if (token is Tokens.BlockEnd)
        {
            _state = Pop();
            Skip();
            return new MappingEnd(token.Start, token.End);
        }

        throw new SemanticErrorException(token.Start, token.End, "While parsing a block mapping, did not find expected key.");
    }

    private ParsingEvent BlockMappingValue()
    {
        var token = Peek();
        if (token is Tokens.Value)
        {
            var mark = token.End;
            Skip();
            if (Peek() is not (Tokens.Key or Tokens.Value or Tokens.BlockEnd))
            {
                _states.Push(State.BlockMappingKey);
                return Node(block: true, indentlessSequence: true);
            }

            _state = State.BlockMappingKey;
            return EmptyScalar(mark);
        }

        _state = State.BlockMappingKey;
        return EmptyScalar(token.Start);
    }

    private ParsingEvent FlowSequenceEntry(bool first)
    {
        if (first)
        {
            Skip();
        }

        var token = Peek();
        if (token is not Tokens.FlowSequenceEnd)
        {
            if (!first)
            {
                if (token is not Tokens.FlowEntry)
                {
                    throw new SemanticErrorException(token.Start, token.End, "While parsing a flow sequence, did not find expected ',' or ']'.");
                }

                Skip();
                token = Peek();
            }

            if (token is Tokens.Key)
            {
                // A single-pair mapping inside a flow sequence: [a: b].
                _state = State.FlowSequenceEntryMappingKey;
                Skip();
                return new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow, token.Start, token.End);
            }

            if (token is not Tokens.FlowSequenceEnd)
            {
                _states.Push(State.FlowSequenceEntry);
                return Node(block: false, indentlessSequence: false);
            }
        }

        _state = Pop();
        Skip();
        return new SequenceEnd(token.Start, token.End);
    }

    private ParsingEvent FlowSequenceEntryMappingKey()
    {
        var token = Peek();
        if (token is not (Tokens.Value or Tokens.FlowEntry or Tokens.FlowSequenceEnd))
        {
            _states.Push(State.FlowSequenceEntryMappingValue);
            return Node(block: false, indentlessSequence: false);
        }

        _state = State.FlowSequenceEntryMappingValue;
        return EmptyScalar(token.Start);
    }

    private ParsingEvent FlowSequenceEntryMappingValue()
    {
        var token = Peek();
        if (token is Tokens.Value)
        {
            Skip();
            token = Peek();
            if (token is not (Tokens.FlowEntry or Tokens.FlowSequenceEnd))
            {
                _states.Push(State.FlowSequenceEntryMappingEnd);
                return Node(block: false, indentlessSequence: false);
            }
        }

        _state = State.FlowSequenceEntryMappingEnd;
        return EmptyScalar(token.Start);
    }

    private MappingEnd FlowSequenceEntryMappingEnd()
    {
        _state = State.FlowSequenceEntry;
        var token = Peek();
        return new MappingEnd(token.Start, token.Start);
    }

    private ParsingEvent FlowMappingKey(bool first)
    {
        if (first)
        {
            Skip();
        }

        var token = Peek();
        if (token is not Tokens.FlowMappingEnd)
        {
            if (!first)
            {
                if (token is not Tokens.FlowEntry)
                {
                    throw new SemanticErrorException(token.Start, token.End, "While parsing a flow mapping, did not find expected ',' or '}'.");
                }

                Skip();
                token = Peek();
            }

            if (token is Tokens.Key)
            {
                Skip();
                token = Peek();
                if (token is not (Tokens.Value or Tokens.FlowEntry or Tokens.FlowMappingEnd))
                {
                    _states.Push(State.FlowMappingValue);
                    return Node(block: false, indentlessSequence: false);
                }

                _state = State.FlowMappingValue;
                return EmptyScalar(token.Start);
            }

            if (token is not Tokens.FlowMappingEnd)
            {
                _states.Push(State.FlowMappingEmptyValue);
                return Node(block: false, indentlessSequence: false);
            }
        }

        _state = Pop();
        Skip();
        return new MappingEnd(token.Start, token.End);
    }

    private ParsingEvent FlowMappingValue(bool empty)
    {
        var token = Peek();
        if (empty)
        {
            _state = State.FlowMappingKey;
            return EmptyScalar(token.Start);
        }

        if (token is Tokens.Value)
        {
            Skip();
            token = Peek();
            if (token is not (Tokens.FlowEntry or Tokens.FlowMappingEnd))
            {
                _states.Push(State.FlowMappingKey);
                return Node(block: false, indentlessSequence: false);
            }
        }

        _state = State.FlowMappingKey;
        return EmptyScalar(token.Start);
    }
}
