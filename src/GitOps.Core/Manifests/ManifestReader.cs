using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
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
/// <para>
/// The objects of ordinary YAML come back holding their trees as parsed JSON text, made into nodes part by part as
/// they are first read (a large stream then takes about three times its size in memory, not ten). They read and
/// change like any other <see cref="JsonNode"/>; as for any <see cref="JsonNode"/>, several threads may read an
/// object at once, but only one may change it.
/// </para>
/// </remarks>
public sealed class ManifestReader
{
    /// <summary>Batches of text are decoded into pooled buffers up to this many characters.</summary>
    private const int MaxPooledText = 1 << 20;

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
        return ReadBatches(Batch(parts, text.Length), file, batch =>
        {
            var (start, length) = Extent(batch);
            var buffer = RentText(length);
            text.CopyTo(start, buffer, 0, length);
            return ParseBatch(buffer, length, batch[0].LineOffset, file);
        });
    }

    /// <summary>
    /// Reads YAML from UTF-8 without decoding the whole stream at once: each batch is decoded into a pooled buffer
    /// when it is parsed, so a large stream never has all its text as UTF-16 (twice its size) in memory, nor leaves
    /// it behind as garbage.
    /// </summary>
    private List<ManifestObject> ReadYaml(ReadOnlyMemory<byte> utf8, string file)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            // Decoding it all reports the first invalid byte.
            return ReadYaml(Decode(utf8, file), file);
        }

        var parts = YamlDocumentSplitter.Split(utf8.Span);
        return ReadBatches(Batch(parts, utf8.Length), file, batch =>
        {
            var (start, length) = Extent(batch);
            var buffer = RentText(length);
            var decoded = Encoding.UTF8.GetChars(utf8.Span.Slice(start, length), buffer);
            return ParseBatch(buffer, decoded, batch[0].LineOffset, file);
        });
    }

    private static (int Start, int Length) Extent(List<YamlDocumentSplitter.Part> batch) =>
        (batch[0].Start, batch[^1].Start + batch[^1].Length - batch[0].Start);

    /// <summary>Batches are at most a few hundred KiB; a larger single document gets an array of its own, not kept by the pool.</summary>
    private static char[] RentText(int length) => length <= MaxPooledText ? ArrayPool<char>.Shared.Rent(length) : new char[length];

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
        // the text decoded at a time (see ReadYaml from UTF-8), small enough for the buffer pool.
        var target = Math.Clamp(textLength / (Math.Max(Parallelism, 2) * 4), 64 * 1024, MaxPooledText / 2);
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

    /// <summary>
    /// Parses the parts of a batch's text (then returned to the pool); stops at the first error, returning the
    /// documents read before it.
    /// </summary>
    private (List<YamlDocument> Documents, ManifestFormatException? Error) ParseBatch(char[] text, int length, int lineOffset, string file)
    {
        try
        {
            return ParseParts(text, YamlDocumentSplitter.Split(text.AsSpan(0, length), lineOffset), file);
        }
        finally
        {
            // Only pooled arrays are this small (see RentText); cleared, as the text may hold secrets.
            if (text.Length is > 0 and <= MaxPooledText)
            {
                ArrayPool<char>.Shared.Return(text, clearArray: true);
            }
        }
    }

    private (List<YamlDocument> Documents, ManifestFormatException? Error) ParseParts(char[] text, List<YamlDocumentSplitter.Part> parts, string file)
    {
        var documents = new List<YamlDocument>();
        var fast = Options.DisableFastPath ? null : FastBlockYamlParser.Rent(Options);
        try
        {
            return ParseParts(text, parts, file, fast, documents);
        }
        finally
        {
            if (fast is not null)
            {
                FastBlockYamlParser.Return(fast);
            }
        }
    }

    private (List<YamlDocument> Documents, ManifestFormatException? Error) ParseParts(
        char[] text, List<YamlDocumentSplitter.Part> parts, string file, FastBlockYamlParser? fast, List<YamlDocument> documents)
    {
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
        if (document.Json is { } json)
        {
            AddObjects(json, location, document.ItemPositions, result);
            return;
        }

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
                    throw ItemsNotASequence(location);
                }

                var list = array.ToList();
                array.Clear();
                for (var i = 0; i < list.Count; i++)
                {
                    var itemLocation = ItemLocation(location, document.ItemPositions, i);
                    if (list[i] is not JsonObject item)
                    {
                        throw ItemNotAMapping(itemLocation, i);
                    }

                    AddObject(item, itemLocation, result);
                }

                return;
            case JsonObject root:
                AddObject(root, location, result);
                return;
            default:
                throw NotAMapping(location, document.Root is JsonArray);
        }
    }

    /// <summary>
    /// Adds the objects of a document read as JSON text, checking it without making trees of it: each object's tree
    /// is left unparsed until the caller reads it.
    /// </summary>
    private void AddObjects(JsonElement root, SourceLocation location, IReadOnlyList<(int Line, int Column)> itemPositions, List<ManifestObject> result)
    {
        if (root.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw NotAMapping(location, root.ValueKind == JsonValueKind.Array);
        }

        if (!root.TryGetProperty("items"u8, out var items))
        {
            AddObject(root, location, result);
            return;
        }

        // kubectl treats any object with an items field as a list and visits the items instead.
        if (items.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            throw ItemsNotASequence(location);
        }

        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemLocation = ItemLocation(location, itemPositions, i);
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ItemNotAMapping(itemLocation, i);
            }

            // Each item gets a text of its own, so that an item kept does not keep the whole list.
            AddObject(JsonElement.Parse(JsonMarshal.GetRawUtf8Value(item), new JsonDocumentOptions { MaxDepth = Options.MaxDepth }), itemLocation, result);
            i++;
        }
    }

    private void AddObject(JsonElement root, SourceLocation location, List<ManifestObject> result)
    {
        if (Options.RequireObjectIdentity && (!HasText(root, "apiVersion"u8) || !HasText(root, "kind"u8) || !HasName(root)))
        {
            // The tree's checks give the message.
            AddObject(JsonObject.Create(root)!, location, result);
            return;
        }

        result.Add(new ManifestObject(JsonObject.Create(root)!, location));
    }

    private static bool HasText(JsonElement obj, ReadOnlySpan<byte> field) =>
        obj.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !value.ValueEquals(""u8);

    /// <summary>As the tree's check: a non-empty name, or a generateName that is any scalar but null.</summary>
    private static bool HasName(JsonElement root) =>
        root.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
        (HasText(metadata, "name"u8) ||
         (metadata.TryGetProperty("generateName"u8, out var generateName) && generateName.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)));

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

    // Both ways of reading a document (trees and parsed text) flatten lists alike and fail with the same words.
    private static SourceLocation ItemLocation(SourceLocation list, IReadOnlyList<(int Line, int Column)> positions, int index) =>
        index < positions.Count ? list with { Line = positions[index].Line, Column = positions[index].Column } : list;

    private static ManifestFormatException NotAMapping(SourceLocation location, bool isSequence) =>
        new(location, $"the document is not a mapping but a {(isSequence ? "sequence" : "scalar")}; a manifest must be an object");

    private static ManifestFormatException ItemsNotASequence(SourceLocation location) =>
        new(location, "the items field of a list must be a sequence of objects");

    private static ManifestFormatException ItemNotAMapping(SourceLocation location, int index) =>
        new(location, $"items[{index}] of the list is not a mapping");

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
