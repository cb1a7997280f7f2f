using System.Text;
using System.Text.Json.Nodes;
using GitOps.Manifests.Json;
using GitOps.Manifests.Yaml;

namespace GitOps.Manifests;

/// <summary>
/// Reads Kubernetes manifests from YAML or JSON text the way Kubernetes tooling (kubectl, sigs.k8s.io/yaml)
/// reads them: multi-document streams, empty documents skipped, <c>kind: List</c> flattened, YAML 1.1 scalars.
/// </summary>
/// <remarks>
/// <para>
/// Semantics follow kubectl 1.33 (checked against it by differential tests): scalars resolve as go-yaml v2 does
/// (<c>yes</c>/<c>on</c>/<c>y</c> are booleans, <c>017</c> is octal, <c>1_000</c> is an integer, timestamps stay
/// strings), integers are <see cref="long"/> (or <see cref="ulong"/> above <see cref="long.MaxValue"/>, where
/// kubectl itself would round to a float) and floats are <see cref="double"/>; aliases are expanded, merge keys
/// (<c>&lt;&lt;</c>) applied with go-yaml v2's precedence, and non-string keys become strings as sigs.k8s.io/yaml
/// makes them (<c>on</c> → <c>"true"</c>, <c>1</c> → <c>"1"</c>).
/// </para>
/// <para>
/// A document whose top level has an <c>items</c> field is a list, whatever its kind, as for kubectl: its items
/// are returned in its place. A document that is empty or <c>null</c> is skipped. A stream whose first
/// non-blank character is <c>{</c> or <c>[</c> is read as concatenated JSON values first, then as YAML if that
/// fails (kubectl does the same since 1.33). Like kubectl, a YAML stream is cut at its <c>---</c> lines and each
/// part parsed on its own, so directives and content on a <c>---</c> line are refused; parts of a large stream
/// are parsed in parallel (see <see cref="ManifestReaderOptions.MaxDegreeOfParallelism"/>).
/// </para>
/// <para>
/// Deliberate differences from <c>kubectl --local</c>: a repeated mapping key is an error unless
/// <see cref="ManifestReaderOptions.AllowDuplicateKeys"/> (the API server rejects it under kubectl's default
/// strict validation); <c>.inf</c>/<c>.nan</c> values are an error naming the place (kubectl fails too, without a line);
/// objects must have <c>apiVersion</c>, <c>kind</c> and a name when
/// <see cref="ManifestReaderOptions.RequireObjectIdentity"/>; and a number in JSON input that does not fit a
/// <see cref="long"/> is a <see cref="double"/>, as kubectl makes it. Unknown tags (<c>!custom</c>) are an error naming
/// the place, where kubectl ignores them; <see cref="ManifestReaderOptions.RejectUnknownTags"/> set to false reads
/// them as kubectl does.
/// </para>
/// </remarks>
public sealed class ManifestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Limits and checks; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    public ManifestReader(ManifestReaderOptions? options = null)
    {
        Options = options ?? new ManifestReaderOptions();
        Options.Validate();
    }

    /// <summary>A reader with the default options.</summary>
    public static ManifestReader Default { get; } = new();

    /// <summary>The options in force.</summary>
    public ManifestReaderOptions Options { get; }

    /// <summary>Reads every object of a YAML or JSON stream.</summary>
    /// <param name="utf8">The text, UTF-8 encoded (a byte-order mark is allowed).</param>
    /// <param name="file">The file name used in locations and error messages.</param>
    /// <exception cref="ManifestFormatException">The text is not valid; the message names file, line and column.</exception>
    public IReadOnlyList<ManifestObject> Read(ReadOnlyMemory<byte> utf8, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        CheckSize(utf8.Length, file);
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (LooksLikeJson(utf8.Span))
        {
            var fromJson = TryReadJson(utf8, file, out var jsonError);
            if (fromJson is not null)
            {
                return fromJson;
            }

            return ReadYamlOrThrow(() => Decode(utf8, file), file, jsonError!);
        }

        return ReadYaml(utf8, file);
    }

    /// <summary>Reads every object of a YAML or JSON stream.</summary>
    /// <param name="text">The text.</param>
    /// <param name="file">The file name used in locations and error messages.</param>
    /// <exception cref="ManifestFormatException">The text is not valid; the message names file, line and column.</exception>
    public IReadOnlyList<ManifestObject> Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        // A char is at least one UTF-8 byte, so a longer text is certainly too large.
        CheckSize(text.Length, file);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var first = FirstNonBlank(text);
        if (first is '{' or '[')
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            CheckSize(utf8.Length, file);
            var fromJson = TryReadJson(utf8, file, out var jsonError);
            return fromJson ?? ReadYamlOrThrow(() => text, file, jsonError!);
        }

        if ((long)text.Length * 3 > Options.MaxInputBytes)
        {
            CheckSize(Encoding.UTF8.GetByteCount(text), file);
        }

        return ReadYaml(text, file);
    }

    private List<ManifestObject>? TryReadJson(ReadOnlyMemory<byte> utf8, string file, out ManifestFormatException? error)
    {
        error = null;
        List<YamlDocument> documents;
        try
        {
            documents = new JsonStreamReader(utf8, file, Options).ReadAll();
        }
        catch (ManifestFormatException e) when (e.InnerException is System.Text.Json.JsonException)
        {
            // Not JSON after all (perhaps YAML flow style or several documents); kubectl then reads it as YAML.
            error = e;
            return null;
        }

        var result = new List<ManifestObject>();
        foreach (var document in documents)
        {
            AddObjects(document, file, result);
        }

        return result;
    }

    private List<ManifestObject> ReadYamlOrThrow(Func<string> text, string file, ManifestFormatException jsonError)
    {
        try
        {
            return ReadYaml(text(), file);
        }
        catch (ManifestFormatException)
        {
            // Both failed; the text looked like JSON, so the JSON error is the clearer one.
            throw jsonError;
        }
    }

    private List<ManifestObject> ReadYaml(string text, string file)
    {
        // Parts between --- lines are independent documents; large streams are parsed in parallel batches.
        var parts = YamlDocumentSplitter.Split(text);
        return ReadBatches(Batch(parts, text.Length), file, batch => ParseBatch(text, file, batch));
    }

    /// <summary>
    /// Reads YAML from UTF-8 without decoding the whole stream at once: each batch is decoded when it is parsed, so
    /// a large stream never has all its text as UTF-16 (twice its size) in memory next to the trees being built.
    /// </summary>
    private List<ManifestObject> ReadYaml(ReadOnlyMemory<byte> utf8, string file)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            // Decoding it all reports the first invalid byte.
            return ReadYaml(Decode(utf8, file), file);
        }

        var parts = YamlDocumentSplitter.Split(utf8.Span);
        var batches = Batch(parts, utf8.Length);
        if (batches.Count == 1)
        {
            return ReadYaml(Decode(utf8, file), file);
        }

        return ReadBatches(batches, file, batch =>
        {
            var start = batch[0].Start;
            var end = batch[^1].Start + batch[^1].Length;
            var text = Decode(utf8[start..end], file);
            return ParseBatch(text, file, YamlDocumentSplitter.Split(text, batch[0].LineOffset));
        });
    }

    private List<ManifestObject> ReadBatches(
        List<List<YamlDocumentSplitter.Part>> batches,
        string file,
        Func<List<YamlDocumentSplitter.Part>, (List<YamlDocument> Documents, ManifestFormatException? Error)> parse)
    {
        var parsed = batches.Count == 1 || Parallelism <= 1
            ? batches.Select(parse).ToList()
            : batches.AsParallel().AsOrdered().WithDegreeOfParallelism(Parallelism).Select(parse).ToList();

        var result = new List<ManifestObject>();
        var documentIndex = 0;
        foreach (var (documents, error) in parsed)
        {
            foreach (var document in documents)
            {
                AddObjects(document with { Index = documentIndex++ }, file, result);
            }

            if (error is not null)
            {
                // Report the first error in stream order, with the document index counted over the whole stream.
                // (The batch counted the documents before the failing one; they were all added above.)
                throw new ManifestFormatException(error.Location! with { DocumentIndex = documentIndex }, error.Problem!, error.InnerException);
            }
        }

        return result;
    }

    private int Parallelism => Options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : Options.MaxDegreeOfParallelism;

    private List<List<YamlDocumentSplitter.Part>> Batch(List<YamlDocumentSplitter.Part> parts, int textLength)
    {
        const int MinimumBatchedText = 1 << 20;
        if (textLength < MinimumBatchedText || parts.Count < 2)
        {
            return [parts];
        }

        // Several batches per worker even out documents of different sizes; even on one thread, batches bound
        // the text decoded at a time (see ReadYaml from UTF-8).
        var target = Math.Max(256 * 1024, textLength / (Math.Max(Parallelism, 2) * 4));
        var batches = new List<List<YamlDocumentSplitter.Part>>();
        var current = new List<YamlDocumentSplitter.Part>();
        var size = 0;
        foreach (var part in parts)
        {
            current.Add(part);
            size += part.Length;
            if (size >= target)
            {
                batches.Add(current);
                current = [];
                size = 0;
            }
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    /// <summary>Parses consecutive parts; stops at the first error, returning the documents read before it.</summary>
    private (List<YamlDocument> Documents, ManifestFormatException? Error) ParseBatch(string text, string file, List<YamlDocumentSplitter.Part> parts)
    {
        var documents = new List<YamlDocument>();
        var fast = Options.DisableFastPath ? null : new FastBlockYamlParser(Options);
        foreach (var part in parts)
        {
            try
            {
                foreach (var document in YamlStreamReader.Read(text, part.Start, part.Length, file, Options, part.LineOffset, fast))
                {
                    documents.Add(document with { Index = documents.Count });
                }
            }
            catch (ManifestFormatException e) when (e.Location is not null)
            {
                var at = e.Location;
                return (documents, new ManifestFormatException(at with { DocumentIndex = documents.Count }, e.Problem!, e.InnerException));
            }
        }

        return (documents, null);
    }

    private void AddObjects(YamlDocument document, string file, List<ManifestObject> result)
    {
        var location = new SourceLocation(file, document.Line, document.Column, document.Index);
        switch (document.Root)
        {
            case null:
                return;
            case JsonObject root when root.TryGetPropertyValue("items", out var items):
                // kubectl treats any object with an items field as a list and visits the items instead.
                if (items is null)
                {
                    return;
                }

                if (items is not JsonArray array)
                {
                    throw new ManifestFormatException(location, "the items field of a list must be a sequence of objects");
                }

                var list = array.ToList();
                array.Clear();
                for (var i = 0; i < list.Count; i++)
                {
                    var itemLocation = list[i] is { } node && document.ItemPositions.TryGetValue(node, out var at)
                        ? location with { Line = at.Line, Column = at.Column }
                        : location;
                    if (list[i] is not JsonObject item)
                    {
                        throw new ManifestFormatException(itemLocation, $"items[{i}] of the list is not a mapping");
                    }

                    AddObject(item, itemLocation, result);
                }

                return;
            case JsonObject root:
                AddObject(root, location, result);
                return;
            default:
                throw new ManifestFormatException(location, $"the document is not a mapping but a {Describe(document.Root)}; a manifest must be an object");
        }
    }

    private void AddObject(JsonObject root, SourceLocation location, List<ManifestObject> result)
    {
        var manifest = new ManifestObject(root, location);
        if (Options.RequireObjectIdentity)
        {
            if (manifest.ApiVersion.Length == 0)
            {
                throw new ManifestFormatException(location, "the object has no apiVersion");
            }

            if (manifest.Kind.Length == 0)
            {
                throw new ManifestFormatException(location, "the object has no kind");
            }

            if (manifest.Name.Length == 0 && manifest.Metadata?["generateName"] is not JsonValue)
            {
                throw new ManifestFormatException(location, $"the {manifest.Kind} has no metadata.name (nor metadata.generateName)");
            }
        }

        result.Add(manifest);
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "sequence",
        _ => "scalar",
    };

    private void CheckSize(long length, string file)
    {
        if (length > Options.MaxInputBytes)
        {
            throw new ManifestFormatException(
                new SourceLocation(file),
                $"the input is {length} bytes, more than the {Options.MaxInputBytes} allowed (MaxInputBytes)");
        }
    }

    private static string Decode(ReadOnlyMemory<byte> utf8, string file)
    {
        try
        {
            return StrictUtf8.GetString(utf8.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new ManifestFormatException(new SourceLocation(file, 0, 0), $"the input is not valid UTF-8 (byte {e.Index})", e);
        }
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> utf8)
    {
        var i = utf8.IndexOfAnyExcept(" \t\r\n"u8);
        return i >= 0 && utf8[i] is (byte)'{' or (byte)'[';
    }

    private static char FirstNonBlank(string text)
    {
        var i = text.AsSpan().IndexOfAnyExcept(" \t\r\n");
        return i >= 0 ? text[i] : '\0';
    }
}
