using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Applications;

/// <summary>
/// Reads the fields of one JSON object for <see cref="ApplicationManifestReader"/>, checking types and remembering
/// which keys were read so that every other key can be reported instead of being silently dropped.
/// </summary>
internal sealed class ApplicationFieldReader
{
    private readonly JsonObject _object;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Action<ApplicationDiagnosticSeverity, string, string> _report;

    public ApplicationFieldReader(JsonObject obj, string path, Action<ApplicationDiagnosticSeverity, string, string> report)
    {
        _object = obj;
        Path = path;
        _report = report;
    }

    public string Path { get; }

    public string Field(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => _object[key] is not null;

    public void Error(string key, string message) => _report(ApplicationDiagnosticSeverity.Error, key.Length == 0 ? Path : Field(key), message);

    public void Warn(string key, string message) => _report(ApplicationDiagnosticSeverity.Warning, key.Length == 0 ? Path : Field(key), message);

    /// <summary>Marks a key as read and reports it, when present, as not supported.</summary>
    public void Unsupported(string key, string why)
    {
        if (_object.ContainsKey(key))
        {
            _seen.Add(key);
            Warn(key, why);
        }
    }

    public JsonNode? Raw(string key)
    {
        _seen.Add(key);
        return _object[key];
    }

    public string? String(string key)
    {
        var node = Raw(key);
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        Error(key, $"expected a string, found {Describe(node)}{(node is JsonValue ? " (quote the value)" : string.Empty)}");
        return null;
    }

    public bool Bool(string key, bool fallback = false)
    {
        var node = Raw(key);
        if (node is null)
        {
            return fallback;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>();
        }

        Error(key, $"expected true or false, found {Describe(node)}");
        return fallback;
    }

    public long? Integer(string key, bool allowIntegerString = false)
    {
        var node = Raw(key);
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            var kind = value.GetValueKind();
            if (kind == JsonValueKind.Number)
            {
                if (value.TryGetValue<long>(out var l))
                {
                    return l;
                }

                if (value.TryGetValue<int>(out var i))
                {
                    return i;
                }

                if (value.TryGetValue<double>(out var d) && Math.Floor(d) == d && Math.Abs(d) < long.MaxValue)
                {
                    return (long)d;
                }

                if (value.TryGetValue<ulong>(out _))
                {
                    Error(key, "the number is too large");
                    return null;
                }
            }
            else if (kind == JsonValueKind.String && allowIntegerString &&
                     long.TryParse(value.GetValue<string>(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        Error(key, $"expected an integer, found {Describe(node)}");
        return null;
    }

    public IReadOnlyList<string> StringList(string key)
    {
        var node = Raw(key);
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            Error(key, $"expected a list of strings, found {Describe(node)}");
            return [];
        }

        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                result.Add(v.GetValue<string>());
            }
            else
            {
                Error($"{key}[{i}]", $"expected a string, found {Describe(array[i])}");
            }
        }

        return result;
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var node = Raw(key);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }

        if (node is not JsonObject map)
        {
            Error(key, $"expected a mapping of strings, found {Describe(node)}");
            return result;
        }

        foreach (var (k, v) in map)
        {
            if (v is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                result[k] = value.GetValue<string>();
            }
            else
            {
                Error($"{key}.{k}", $"expected a string, found {Describe(v)}{(v is JsonValue ? " (quote the value)" : string.Empty)}");
            }
        }

        return result;
    }

    /// <summary>A reader for a nested object found by other means, at <c>Path.relativePath</c>.</summary>
    public ApplicationFieldReader For(JsonObject obj, string relativePath) => new(obj, Field(relativePath), _report);

    public ApplicationFieldReader? Object(string key)
    {
        var node = Raw(key);
        if (node is null)
        {
            return null;
        }

        if (node is JsonObject obj)
        {
            return new ApplicationFieldReader(obj, Field(key), _report);
        }

        Error(key, $"expected a mapping, found {Describe(node)}");
        return null;
    }

    public IReadOnlyList<ApplicationFieldReader> Objects(string key)
    {
        var node = Raw(key);
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            Error(key, $"expected a list, found {Describe(node)}");
            return [];
        }

        var result = new List<ApplicationFieldReader>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject obj)
            {
                result.Add(new ApplicationFieldReader(obj, $"{Field(key)}[{i}]", _report));
            }
            else
            {
                Error($"{key}[{i}]", $"expected a mapping, found {Describe(array[i])}");
            }
        }

        return result;
    }

    /// <summary>Reports every key that was not read.</summary>
    public void ReportUnknown()
    {
        foreach (var (key, _) in _object)
        {
            if (!_seen.Contains(key))
            {
                Warn(key, "unknown field; ignored");
            }
        }
    }

    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };
}
