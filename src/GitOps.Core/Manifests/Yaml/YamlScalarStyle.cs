using System.Globalization;
using System.Text;

namespace GitOps.Manifests.Yaml;

/// <summary>
/// Chooses how a string is written so that any YAML 1.1 reader (go-yaml v2, kubectl) and our reader read the
/// same string back: plain when that is unambiguous, a literal block for multi-line text, double-quoted otherwise.
/// </summary>
internal static class YamlScalarStyle
{
    private static readonly System.Buffers.SearchValues<char> NumberCharacters =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEFxXoO_.:+- tTzZ");

    /// <summary>Whether the string can be written as a plain scalar and read back as the same string.</summary>
    public static bool CanBePlain(string value)
    {
        if (value.Length == 0 || value[0] is ' ' || value[^1] is ' ' or ':')
        {
            return false;
        }

        // Indicators that start another kind of node, and the document markers.
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal) ||
            value.StartsWith("...", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsPrintable(c) || char.IsSurrogate(c))
            {
                return false;
            }
        }

        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal))
        {
            return false;
        }

        // Anything that resolves to another type (or to a timestamp) is quoted, and so is number-like text such
        // as 12:30:00 or 1.2.3 that other YAML 1.1 readers may take for a sexagesimal number or a timestamp.
        return YamlScalarResolver.IsPlainString(value) && !LooksNumeric(value);
    }

    private static bool LooksNumeric(string value)
    {
        var first = value[0];
        var startsLikeNumber = char.IsAsciiDigit(first) ||
            (first is '+' or '-' or '.' && value.Length > 1 && (char.IsAsciiDigit(value[1]) || value[1] == '.'));
        return startsLikeNumber && value.AsSpan().IndexOfAnyExcept(NumberCharacters) < 0;
    }

    /// <summary>Whether the string is multi-line text that a literal block scalar carries exactly.</summary>
    public static bool CanBeLiteral(string value)
    {
        if (!value.Contains('\n', StringComparison.Ordinal) || value[0] is ' ' or '\t' or '\n' || value.EndsWith("\n\n", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in value)
        {
            if ((!IsPrintable(c) && c != '\n') || char.IsSurrogate(c))
            {
                return false;
            }
        }

        // Trailing blanks on a line, and blank-only lines, are where readers disagree; quote those instead.
        foreach (var line in value.Split('\n'))
        {
            if (line.Length > 0 && (line[^1] == ' ' || line.AsSpan().Trim(' ').IsEmpty))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the string double-quoted with YAML escapes.</summary>
    public static void WriteDoubleQuoted(StringBuilder output, string value)
    {
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\0':
                    output.Append("\\0");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        output.Append(c).Append(value[++i]);
                    }
                    else if (!IsPrintable(c) || char.IsSurrogate(c))
                    {
                        output.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    /// <summary>Whether YAML allows the character unescaped (line breaks and tabs aside, which callers treat apart).</summary>
    private static bool IsPrintable(char c) =>
        c >= ' ' && c != '\u007F' && !(c >= '\u0080' && c <= '\u009F') && c is not ('\uFEFF' or '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF');
}
