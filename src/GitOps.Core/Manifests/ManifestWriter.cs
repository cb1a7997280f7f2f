using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Manifests.Yaml;

namespace GitOps.Manifests;

/// <summary>
/// Writes manifests as YAML deterministically, in the layout Kubernetes tools produce (sigs.k8s.io/yaml): block
/// style, keys sorted by ordinal comparison, two-space indentation, sequence items at their key's indentation.
/// </summary>
/// <remarks>
/// <para>
/// Strings that a YAML 1.1 reader would take for another type (<c>yes</c>, <c>on</c>, <c>~</c>, <c>1.0</c>,
/// <c>0x1F</c>, <c>2024-01-01</c>, an empty string...) and strings with leading or trailing spaces, <c>": "</c>,
/// <c>" #"</c> or control characters are double-quoted; multi-line text is written as a literal block when that is
/// exact. <see cref="ManifestReader"/> reads the output back to an equal tree, integers as integers and floats as
/// floats (a whole float is written with <c>.0</c>).
/// </para>
/// <para>For JSON output use System.Text.Json directly, for example <c>obj.Root.ToJsonString()</c>.</para>
/// </remarks>
public static class ManifestWriter
{
    private const string Indent = "  ";
    private const int MaxImplicitKeyLength = 500;

    /// <summary>Writes one object as a YAML document (no <c>---</c> marker).</summary>
    /// <param name="manifest">The object.</param>
    public static string Write(ManifestObject manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Write(manifest.Root);
    }

    /// <summary>Writes any JSON value as a YAML document (no <c>---</c> marker).</summary>
    /// <param name="node">The value; <see langword="null"/> is written as <c>null</c>.</param>
    /// <exception cref="ArgumentException">A value cannot be written (such as a NaN, which JSON has no form for).</exception>
    public static string Write(JsonNode? node)
    {
        var output = new StringBuilder();
        WriteDocument(output, node);
        return output.ToString();
    }

    /// <summary>Writes objects as a multi-document stream, separated by <c>---</c> lines.</summary>
    /// <param name="manifests">The objects, in order.</param>
    public static string WriteAll(IEnumerable<ManifestObject> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var output = new StringBuilder();
        var first = true;
        foreach (var manifest in manifests)
        {
            if (!first)
            {
                output.Append("---\n");
            }

            first = false;
            WriteDocument(output, manifest.Root);
        }

        return output.ToString();
    }

    /// <summary>Writes objects as a multi-document stream to a writer.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="manifests">The objects, in order.</param>
    /// <param name="cancellationToken">Stops the writing.</param>
    public static async Task WriteAllAsync(TextWriter writer, IEnumerable<ManifestObject> manifests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(manifests);
        var first = true;
        foreach (var manifest in manifests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var output = new StringBuilder();
            if (!first)
            {
                output.Append("---\n");
            }

            first = false;
            WriteDocument(output, manifest.Root);
            await writer.WriteAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteDocument(StringBuilder output, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map when map.Count > 0:
                WriteMapping(output, map, 0);
                break;
            case JsonArray array when array.Count > 0:
                WriteSequence(output, array, 0);
                break;
            default:
                WriteScalar(output, node, 0);
                output.Append('\n');
                break;
        }
    }

    /// <summary>Writes the entries of a non-empty mapping, each line starting at the given indentation.</summary>
    private static void WriteMapping(StringBuilder output, JsonObject map, int indent, bool firstLineIndented = true)
    {
        var keys = map.Select(p => p.Key).ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0 || firstLineIndented)
            {
                AppendIndent(output, indent);
            }

            if (WriteKey(output, keys[i]))
            {
                // A long key must be an explicit "? key" entry, with the value on its own ":" line.
                output.Append('\n');
                AppendIndent(output, indent);
            }

            output.Append(':');
            WriteValueAfterKey(output, map[keys[i]], indent);
        }
    }

    private static void WriteValueAfterKey(StringBuilder output, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject child when child.Count > 0:
                output.Append('\n');
                WriteMapping(output, child, indent + 1);
                break;
            case JsonArray items when items.Count > 0:
                // Kubernetes tools put a mapping's sequence items at the key's own indentation.
                output.Append('\n');
                WriteSequence(output, items, indent);
                break;
            default:
                output.Append(' ');
                WriteScalar(output, value, indent + 1);
                output.Append('\n');
                break;
        }
    }

    private static void WriteSequence(StringBuilder output, JsonArray array, int indent, bool firstLineIndented = true)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (i > 0 || firstLineIndented)
            {
                AppendIndent(output, indent);
            }

            output.Append("- ");
            switch (array[i])
            {
                case JsonObject child when child.Count > 0:
                    WriteMapping(output, child, indent + 1, firstLineIndented: false);
                    break;
                case JsonArray items when items.Count > 0:
                    WriteSequence(output, items, indent + 1, firstLineIndented: false);
                    break;
                default:
                    WriteScalar(output, array[i], indent + 1);
                    output.Append('\n');
                    break;
            }
        }
    }

    /// <summary>Writes a key; returns whether it was written as an explicit <c>? key</c>.</summary>
    private static bool WriteKey(StringBuilder output, string key)
    {
        // YAML limits implicit keys to 1024 characters; go-yaml rejects longer ones.
        var isLong = key.Length > MaxImplicitKeyLength;
        if (isLong)
        {
            output.Append("? ");
        }

        if (YamlScalarStyle.CanBePlain(key))
        {
            output.Append(key);
        }
        else
        {
            YamlScalarStyle.WriteDoubleQuoted(output, key);
        }

        return isLong;
    }

    /// <summary>Writes a scalar or an empty collection; block text is indented one level past <paramref name="indent"/> - 1.</summary>
    private static void WriteScalar(StringBuilder output, JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                return;
            case JsonObject:
                output.Append("{}");
                return;
            case JsonArray:
                output.Append("[]");
                return;
        }

        var value = node.AsValue();
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(output, value.GetValue<string>(), indent);
                return;
            case JsonValueKind.True:
                output.Append("true");
                return;
            case JsonValueKind.False:
                output.Append("false");
                return;
            case JsonValueKind.Number:
                WriteNumber(output, value);
                return;
            default:
                output.Append("null");
                return;
        }
    }

    private static void WriteString(StringBuilder output, string text, int indent)
    {
        if (YamlScalarStyle.CanBePlain(text))
        {
            output.Append(text);
        }
        else if (YamlScalarStyle.CanBeLiteral(text))
        {
            output.Append(text.EndsWith('\n') ? "|" : "|-");
            var lines = text.EndsWith('\n') ? text[..^1].Split('\n') : text.Split('\n');
            foreach (var line in lines)
            {
                output.Append('\n');
                if (line.Length > 0)
                {
                    AppendIndent(output, Math.Max(indent, 1));
                    output.Append(line);
                }
            }
        }
        else
        {
            YamlScalarStyle.WriteDoubleQuoted(output, text);
        }
    }

    private static void WriteNumber(StringBuilder output, JsonValue value)
    {
        if (TryGetInteger(value, out var integer))
        {
            output.Append(integer.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue(out ulong unsigned))
        {
            output.Append(unsigned.ToString(CultureInfo.InvariantCulture));
        }
        else if (value.TryGetValue(out double number) || TryGetSingle(value, out number))
        {
            if (!double.IsFinite(number))
            {
                throw new ArgumentException($"The number {number} has no YAML form that Kubernetes tooling accepts.", nameof(value));
            }

            var text = number.ToString("R", CultureInfo.InvariantCulture);
            // Keep floats floats when read back: 1 would be an integer, 1E+21 is fine as it is.
            output.Append(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0");
        }
        else
        {
            // Other number types (decimal...) are written as their JSON text.
            output.Append(value.ToJsonString());
        }
    }

    private static bool TryGetInteger(JsonValue value, out long integer)
    {
        integer = 0;
        if (value.TryGetValue(out integer))
        {
            return true;
        }

        switch (value.GetValue<object>())
        {
            case int i:
                integer = i;
                return true;
            case uint u:
                integer = u;
                return true;
            case short s:
                integer = s;
                return true;
            case ushort us:
                integer = us;
                return true;
            case sbyte sb:
                integer = sb;
                return true;
            case byte b:
                integer = b;
                return true;
        }

        return false;
    }

    private static bool TryGetSingle(JsonValue value, out double number)
    {
        var ok = value.TryGetValue(out float single);
        number = single;
        return ok;
    }

    private static void AppendIndent(StringBuilder output, int levels)
    {
        for (var i = 0; i < levels; i++)
        {
            output.Append(Indent);
        }
    }
}
