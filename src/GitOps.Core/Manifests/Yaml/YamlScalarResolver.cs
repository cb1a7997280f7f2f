using System.Globalization;
using System.Text;

namespace GitOps.Manifests.Yaml;

/// <summary>
/// Resolves scalars the way go-yaml v2 (the fork inside sigs.k8s.io/yaml that kubectl uses) does when decoding
/// into untyped values: a YAML 1.1 table of booleans and nulls, Go's base-prefixed integers with underscores,
/// a YAML-style float syntax, and explicit tags that must agree with what the text resolves to.
/// </summary>
internal static class YamlScalarResolver
{
    /// <summary>Resolves a scalar.</summary>
    /// <param name="tag">The expanded explicit tag; empty when none; <c>!</c> for the non-specific tag.</param>
    /// <param name="value">The scalar's text.</param>
    /// <param name="plain">Whether the scalar was written plain (unquoted, not a block scalar).</param>
    /// <param name="result">The value.</param>
    /// <param name="error">Why the scalar is invalid, in go-yaml's words.</param>
    public static bool TryResolve(string tag, string value, bool plain, out YamlScalar result, out string? error)
    {
        error = null;
        if (tag.Length == 0 && !plain)
        {
            // A quoted or block scalar without a tag is always a string.
            result = YamlScalar.FromString(value);
            return true;
        }

        if (tag == YamlTags.Binary)
        {
            return TryDecodeBinary(value, out result, out error);
        }

        if (!IsResolvable(tag))
        {
            // go-yaml v2 keeps the text of scalars with tags it does not know (such as !foo) as a string.
            result = YamlScalar.FromString(value);
            return true;
        }

        var (resolved, isTimestamp) = ResolveImplicit(value, tag);
        if (tag.Length == 0 || tag == YamlTags.Str)
        {
            result = resolved;
            return true;
        }

        var resolvedTag = isTimestamp ? YamlTags.Timestamp : FullTag(resolved.Kind);
        if (resolvedTag == tag)
        {
            result = resolved;
            return true;
        }

        if (tag == YamlTags.Float && resolved.Kind == YamlScalarKind.Int64)
        {
            result = YamlScalar.FromFloat(resolved.Int);
            return true;
        }

        if (tag == YamlTags.Float && resolved.Kind == YamlScalarKind.UInt64)
        {
            result = YamlScalar.FromFloat(resolved.UInt);
            return true;
        }

        result = default;
        error = $"cannot decode {YamlTags.Short(resolvedTag)} `{value}` as a {YamlTags.Short(tag)}";
        return false;
    }

    /// <summary>Resolves the text of a plain scalar with no tag.</summary>
    public static YamlScalar ResolvePlain(string value) => ResolveImplicit(value, string.Empty).Value;

    /// <summary>
    /// Resolves the commonest plain scalars without making a string of them: words (the YAML 1.1 booleans and nulls,
    /// or strings) and short decimal integers. Returns false when <see cref="ResolvePlain"/> must decide; a string
    /// result has no <see cref="YamlScalar.Text"/>, as the caller has the text.
    /// </summary>
    /// <param name="value">The scalar's text, not empty.</param>
    /// <param name="result">The value.</param>
    public static bool TryResolvePlainWithoutText(ReadOnlySpan<char> value, out YamlScalar result)
    {
        switch (value[0])
        {
            case 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~':
                result = LookUp(value) ?? new YamlScalar(YamlScalarKind.String);
                return true;
            case >= '1' and <= '9' when value.Length <= 18 && !value[1..].ContainsAnyExceptInRange('0', '9'):
                // At most 18 digits always fit a long; a leading 0 (octal), signs, '_', '.', ':' and '-' go the long way.
                result = YamlScalar.FromInt(long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture));
                return true;
            default:
                result = default;
                return false;
        }
    }

    /// <summary>Whether a plain scalar with this text reads back as this string (and not as a timestamp's text).</summary>
    public static bool IsPlainString(string value)
    {
        var (resolved, isTimestamp) = ResolveImplicit(value, string.Empty);
        return resolved.Kind == YamlScalarKind.String && !isTimestamp && value != "<<";
    }

    private static bool IsResolvable(string tag) =>
        tag.Length == 0 || tag is YamlTags.Str or YamlTags.Bool or YamlTags.Int or YamlTags.Float or YamlTags.Timestamp or YamlTags.Null;

    private static string FullTag(YamlScalarKind kind) => kind switch
    {
        YamlScalarKind.Null => YamlTags.Null,
        YamlScalarKind.Boolean => YamlTags.Bool,
        YamlScalarKind.Int64 or YamlScalarKind.UInt64 => YamlTags.Int,
        YamlScalarKind.Float => YamlTags.Float,
        _ => YamlTags.Str,
    };

    private static (YamlScalar Value, bool IsTimestamp) ResolveImplicit(string value, string tag)
    {
        if (tag == YamlTags.Str || value.Length == 0)
        {
            return (tag == YamlTags.Str ? YamlScalar.FromString(value) : YamlScalar.Null, false);
        }

        var first = value[0];
        switch (first)
        {
            case 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~':
                return (LookUp(value) ?? YamlScalar.FromString(value), false);
            case '.':
                if (LookUp(value) is { } special)
                {
                    return (special, false);
                }

                return (TryParseFloat(RemoveUnderscores(value), out var f) ? YamlScalar.FromFloat(f) : YamlScalar.FromString(value), false);
            case '+' or '-' or (>= '0' and <= '9'):
                if (LookUp(value) is { } signed)
                {
                    return (signed, false);
                }

                if ((tag.Length == 0 || tag == YamlTags.Timestamp) && IsTimestamp(value))
                {
                    // go-yaml keeps a timestamp's original text when decoding into an untyped value.
                    return (YamlScalar.FromString(value), true);
                }

                var plain = RemoveUnderscores(value);
                if (TryParseGoInt(plain, out var i))
                {
                    return (YamlScalar.FromInt(i), false);
                }

                if (TryParseGoUInt(plain, out var u))
                {
                    return (YamlScalar.FromUInt(u), false);
                }

                if (TryParseFloat(plain, out var d))
                {
                    return (YamlScalar.FromFloat(d), false);
                }

                return (YamlScalar.FromString(value), false);
            default:
                return (YamlScalar.FromString(value), false);
        }
    }

    private static string RemoveUnderscores(string value) =>
        value.Contains('_', StringComparison.Ordinal) ? value.Replace("_", string.Empty, StringComparison.Ordinal) : value;

    private static YamlScalar? LookUp(ReadOnlySpan<char> value) => value switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => YamlScalar.True,
        "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => YamlScalar.False,
        "~" or "null" or "Null" or "NULL" => YamlScalar.Null,
        ".nan" or ".NaN" or ".NAN" => YamlScalar.FromFloat(double.NaN),
        ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => YamlScalar.FromFloat(double.PositiveInfinity),
        "-.inf" or "-.Inf" or "-.INF" => YamlScalar.FromFloat(double.NegativeInfinity),
        _ => null,
    };

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c>: optional sign, then 0x, 0o, 0b or a leading 0 for octal.</summary>
    internal static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        var negative = false;
        var start = 0;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            start = 1;
        }

        if (!TryParseMagnitude(s, start, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked(-(long)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, 64)</c>: no sign allowed.</summary>
    internal static bool TryParseGoUInt(string s, out ulong value) => TryParseMagnitude(s, 0, out value);

    private static bool TryParseMagnitude(string s, int start, out ulong value)
    {
        value = 0;
        if (start >= s.Length)
        {
            return false;
        }

        var radix = 10u;
        if (s[start] == '0' && start + 1 < s.Length)
        {
            switch (s[start + 1])
            {
                case 'x' or 'X':
                    radix = 16;
                    start += 2;
                    break;
                case 'o' or 'O':
                    radix = 8;
                    start += 2;
                    break;
                case 'b' or 'B':
                    radix = 2;
                    start += 2;
                    break;
                default:
                    radix = 8;
                    start += 1;
                    break;
            }

            if (start >= s.Length)
            {
                return false;
            }
        }

        ulong result = 0;
        for (var i = start; i < s.Length; i++)
        {
            var c = s[i];
            uint digit = c switch
            {
                >= '0' and <= '9' => (uint)(c - '0'),
                >= 'a' and <= 'f' => (uint)(c - 'a' + 10),
                >= 'A' and <= 'F' => (uint)(c - 'A' + 10),
                _ => uint.MaxValue,
            };
            if (digit >= radix)
            {
                return false;
            }

            if (result > (ulong.MaxValue - digit) / radix)
            {
                return false;
            }

            result = (result * radix) + digit;
        }

        value = result;
        return true;
    }

    /// <summary>
    /// go-yaml's float syntax <c>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</c>, parsed as Go's
    /// <c>ParseFloat</c> does; a value out of range is not a float (go-yaml then keeps the text as a string).
    /// </summary>
    internal static bool TryParseFloat(string s, out double value)
    {
        value = 0;
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        var intDigits = CountDigits(s, ref i);
        if (intDigits == 0)
        {
            if (i >= s.Length || s[i] != '.')
            {
                return false;
            }

            i++;
            if (CountDigits(s, ref i) == 0)
            {
                return false;
            }
        }
        else if (i < s.Length && s[i] == '.')
        {
            i++;
            CountDigits(s, ref i);
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            if (CountDigits(s, ref i) == 0)
            {
                return false;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return !double.IsInfinity(value);
    }

    private static int CountDigits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i - start;
    }

    /// <summary>Whether the text is one of the timestamp layouts go-yaml v2 accepts (it must start with four digits and a dash).</summary>
    private static bool IsTimestamp(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i != 4 || i == s.Length || s[i] != '-')
        {
            return false;
        }

        string[] layouts = ["yyyy-M-d'T'H:m:s.FFFFFFFFK", "yyyy-M-d't'H:m:s.FFFFFFFFK", "yyyy-M-d H:m:s.FFFFFFFF", "yyyy-M-d"];
        return DateTimeOffset.TryParseExact(s, layouts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    private static bool TryDecodeBinary(string value, out YamlScalar result, out string? error)
    {
        // Go's StdEncoding ignores line breaks, which block scalars of base64 usually contain.
        var compact = value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        var buffer = new byte[(compact.Length * 3 / 4) + 3];
        if (compact.Length % 4 != 0 || compact.Contains(' ', StringComparison.Ordinal) || !Convert.TryFromBase64String(compact, buffer, out var written))
        {
            result = default;
            error = "!!binary value contains invalid base64 data";
            return false;
        }

        error = null;
        result = YamlScalar.FromString(Encoding.UTF8.GetString(buffer, 0, written));
        return true;
    }
}
