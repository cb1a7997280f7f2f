using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using YamlDotNet.RepresentationModel;

namespace GitOps.Testing.Api;

/// <summary>Reads request bodies as JSON (or YAML for apply), with the real server's size limit; bad input is a 400.</summary>
internal static class RequestBody
{
    /// <summary>The real server's default request-body limit for writes.</summary>
    private const int MaxBytes = 3 * 1024 * 1024;

    /// <summary>Reads an object body: JSON, or Kubernetes protobuf when the Content-Type says so.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var contentType = (request.ContentType ?? string.Empty).Split(';')[0].Trim();
        if (contentType == Protobuf.ProtobufDecoder.MediaType)
        {
            var bytes = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
            return Protobuf.ProtobufDecoder.Decode(bytes.Span);
        }

        if (contentType.Length > 0 && contentType is not ("application/json" or "application/yaml" or "*/*"))
        {
            throw StatusObjects.UnsupportedMediaType(contentType);
        }

        var text = await ReadTextAsync(request, cancellationToken).ConfigureAwait(false);
        return contentType == "application/yaml" ? ParseYamlObject(text) : ParseObject(text);
    }

    /// <summary>Like <see cref="ReadObjectAsync"/>, but an empty body is null (DELETE bodies are optional).</summary>
    public static async Task<JsonObject?> ReadObjectOrNothingAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return null;
        }

        var contentType = (request.ContentType ?? string.Empty).Split(';')[0].Trim();
        if (contentType == Protobuf.ProtobufDecoder.MediaType)
        {
            return Protobuf.ProtobufDecoder.Decode(bytes.Span);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw StatusObjects.BadRequest("the request body is not valid UTF-8");
        }

        return string.IsNullOrWhiteSpace(text) ? null : ParseObject(text);
    }

    public static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw StatusObjects.BadRequest("the request body is not valid UTF-8");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw new ApiException(413, "RequestEntityTooLarge", $"the request body is larger than {MaxBytes} bytes");
            }
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public static JsonNode? ParseJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw StatusObjects.BadRequest("the request body is empty");
        }

        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 200 });
        }
        catch (JsonException e)
        {
            throw StatusObjects.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    public static JsonObject ParseObject(string text)
    {
        var node = ParseJson(text);
        return node as JsonObject ?? throw StatusObjects.BadRequest($"the request body must be a JSON object, not {node?.GetValueKind().ToString() ?? "null"}");
    }

    /// <summary>Parses an apply configuration: JSON as is, otherwise one YAML document mapped to JSON types.</summary>
    public static JsonObject ParseYamlObject(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return ParseObject(text);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw StatusObjects.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw StatusObjects.BadRequest($"the apply configuration must be exactly one YAML document, found {stream.Documents.Count}");
        }

        return ToJson(stream.Documents[0].RootNode, 0) as JsonObject ?? throw StatusObjects.BadRequest("the apply configuration must be a YAML mapping");
    }

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > 200)
        {
            throw StatusObjects.BadRequest("the YAML document is nested too deeply");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? string.Empty : throw StatusObjects.BadRequest($"YAML mapping keys must be scalars (line {key.Start.Line})");
                    obj[name] = ToJson(value, depth + 1);
                }

                return obj;
            case YamlSequenceNode seq:
                return new JsonArray(seq.Children.Select(c => ToJson(c, depth + 1)).ToArray());
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw StatusObjects.BadRequest($"unsupported YAML node at line {node.Start.Line}");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
            or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        // YAML 1.2 core schema resolution, as sigs.k8s.io/yaml does for plain scalars.
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var real) && !double.IsInfinity(real) && value.Any(char.IsDigit))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }
}
