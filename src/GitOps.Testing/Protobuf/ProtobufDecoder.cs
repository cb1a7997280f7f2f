using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Testing.Api;

namespace GitOps.Testing.Protobuf;

/// <summary>
/// Decodes Kubernetes protobuf request bodies (the <c>k8s\0</c> envelope around a <c>runtime.Unknown</c>) into
/// the JSON the rest of the emulator works with. Zero values of non-optional fields are dropped, as Go's JSON
/// encoding omits them; kinds or fields outside <see cref="ProtobufSchema"/> answer 415 so the caller can send JSON.
/// </summary>
internal static class ProtobufDecoder
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            if (!body.StartsWith(Magic))
            {
                throw StatusObjects.BadRequest("the protobuf body does not start with the Kubernetes envelope prefix");
            }

            var reader = new ProtobufReader(body[Magic.Length..]);
            string apiVersion = string.Empty, kind = string.Empty;
            ReadOnlySpan<byte> raw = default;
            while (!reader.End)
            {
                var (field, wire) = reader.ReadTag();
                if (field == 1 && wire == 2)
                {
                    var typeMeta = new ProtobufReader(reader.ReadBytes());
                    while (!typeMeta.End)
                    {
                        var (f, w) = typeMeta.ReadTag();
                        if (w != 2)
                        {
                            typeMeta.Skip(w);
                            continue;
                        }

                        var text = Encoding.UTF8.GetString(typeMeta.ReadBytes());
                        if (f == 1)
                        {
                            apiVersion = text;
                        }
                        else if (f == 2)
                        {
                            kind = text;
                        }
                    }
                }
                else if (field == 2 && wire == 2)
                {
                    raw = reader.ReadBytes();
                }
                else
                {
                    reader.Skip(wire);
                }
            }

            if (!ProtobufSchema.IsRoot(apiVersion, kind))
            {
                throw Unsupported($"the emulator does not decode protobuf for {apiVersion}, Kind={kind}");
            }

            var obj = DecodeMessage(raw, kind, 0);
            var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (key, value) in obj)
            {
                result[key] = value?.DeepClone();
            }

            return result;
        }
        catch (FormatException e)
        {
            throw StatusObjects.BadRequest($"the protobuf body is malformed: {e.Message}");
        }
    }

    private static JsonObject DecodeMessage(ReadOnlySpan<byte> data, string message, int depth)
    {
        if (depth > 64)
        {
            throw StatusObjects.BadRequest("the protobuf body is nested too deeply");
        }

        var fields = ProtobufSchema.Message(message) ?? throw Unsupported($"the emulator does not decode protobuf message {message}");
        var result = new JsonObject();
        var reader = new ProtobufReader(data);
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (!fields.TryGetValue(number, out var field))
            {
                throw Unsupported($"the emulator does not decode field {number} of protobuf message {message}");
            }

            if (field.Type.StartsWith("map<", StringComparison.Ordinal))
            {
                var map = result[field.Name] as JsonObject ?? [];
                result[field.Name] = map;
                var (key, value) = DecodeMapEntry(reader.ReadBytes(), field.Type, depth);
                map[key] = value;
                continue;
            }

            var decoded = DecodeValue(ref reader, wire, field, depth);
            if (field.Repeated)
            {
                var list = result[field.Name] as JsonArray ?? [];
                result[field.Name] = list;
                list.Add(decoded);
            }
            else if (decoded is not null || field.Pointer)
            {
                result[field.Name] = decoded;
            }
        }

        return result;
    }

    private static JsonNode? DecodeValue(ref ProtobufReader reader, int wire, ProtobufField field, int depth)
    {
        switch (field.Type)
        {
            case "string":
                var text = Encoding.UTF8.GetString(reader.ReadBytes());
                return text.Length == 0 && !field.Pointer && !field.Repeated ? null : JsonValue.Create(text);
            case "bytes":
                return JsonValue.Create(Convert.ToBase64String(reader.ReadBytes()));
            case "int32":
            case "int64":
                var number = (long)reader.ReadVarint();
                if (field.Type == "int32")
                {
                    number = (int)number;
                }

                return number == 0 && !field.Pointer && !field.Repeated ? null : JsonValue.Create(number);
            case "bool":
                var flag = reader.ReadVarint() != 0;
                return !flag && !field.Pointer ? null : JsonValue.Create(flag);
            case "Time":
                return DecodeTime(reader.ReadBytes());
            case "IntOrString":
                return DecodeIntOrString(reader.ReadBytes());
            case "Quantity":
                return DecodeQuantity(reader.ReadBytes());
            default:
                if (wire != 2)
                {
                    throw StatusObjects.BadRequest($"protobuf field {field.Name} must be a message");
                }

                return DecodeMessage(reader.ReadBytes(), field.Type, depth + 1);
        }
    }

    private static (string Key, JsonNode? Value) DecodeMapEntry(ReadOnlySpan<byte> entry, string mapType, int depth)
    {
        var valueType = mapType["map<string,".Length..^1];
        var reader = new ProtobufReader(entry);
        var key = string.Empty;
        JsonNode? value = valueType == "Quantity" ? null : JsonValue.Create(string.Empty);
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1)
            {
                key = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else if (number == 2)
            {
                value = DecodeValue(ref reader, wire, new ProtobufField(2, "value", valueType, Repeated: false, Pointer: true), depth + 1);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (key, value);
    }

    private static JsonValue? DecodeTime(ReadOnlySpan<byte> data)
    {
        var reader = new ProtobufReader(data);
        long seconds = 0;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1)
            {
                seconds = (long)reader.ReadVarint();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        // The zero time is Go's "null" timestamp.
        return seconds == 0 ? null : JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static JsonValue DecodeIntOrString(ReadOnlySpan<byte> data)
    {
        var reader = new ProtobufReader(data);
        long type = 0, intValue = 0;
        var text = string.Empty;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    type = (long)reader.ReadVarint();
                    break;
                case 2:
                    intValue = (int)reader.ReadVarint();
                    break;
                case 3:
                    text = Encoding.UTF8.GetString(reader.ReadBytes());
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return type == 1 ? JsonValue.Create(text) : JsonValue.Create(intValue);
    }

    private static JsonValue DecodeQuantity(ReadOnlySpan<byte> data)
    {
        var reader = new ProtobufReader(data);
        var text = string.Empty;
        while (!reader.End)
        {
            var (number, wire) = reader.ReadTag();
            if (number == 1)
            {
                text = Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return JsonValue.Create(text);
    }

    private static ApiException Unsupported(string why) =>
        new(415, "UnsupportedMediaType", $"{why}; send the object as application/json");
}
