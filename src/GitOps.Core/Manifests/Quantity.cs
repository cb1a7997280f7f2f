using System.Globalization;
using System.Numerics;

namespace GitOps.Manifests;

/// <summary>
/// A Kubernetes resource quantity (<c>100m</c>, <c>1.5Gi</c>, <c>2e3</c>) with its exact value, so that different
/// spellings of one amount compare equal: <c>1000m</c> and <c>1</c>, <c>512Mi</c> and <c>0.5Gi</c>.
/// </summary>
/// <remarks>
/// The value is held exactly in units of 10⁻⁹ (Kubernetes keeps no finer precision; finer values round up, as the API
/// server rounds them).
/// </remarks>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    private static readonly BigInteger NanosPerUnit = 1_000_000_000;

    private Quantity(BigInteger nanos) => Nanos = nanos;

    /// <summary>The value in units of 10⁻⁹.</summary>
    public BigInteger Nanos { get; }

    /// <summary>Parses a quantity.</summary>
    /// <param name="text">The text, such as <c>250m</c> or <c>1Gi</c>.</param>
    /// <param name="quantity">The quantity, when the text is valid.</param>
    /// <returns>Whether the text is a valid quantity.</returns>
    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = false;
        if (span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        // Digits with at most one decimal point, then the suffix.
        var numberEnd = 0;
        var sawDigit = false;
        var sawPoint = false;
        while (numberEnd < span.Length)
        {
            var c = span[numberEnd];
            if (char.IsAsciiDigit(c))
            {
                sawDigit = true;
            }
            else if (c == '.' && !sawPoint)
            {
                sawPoint = true;
            }
            else
            {
                break;
            }

            numberEnd++;
        }

        if (!sawDigit)
        {
            return false;
        }

        var number = span[..numberEnd];
        var suffix = span[numberEnd..];
        if (!TryScale(suffix, out var multiplier, out var exponent10))
        {
            return false;
        }

        // mantissa = integer digits and fraction digits as one integer, scaled down by the fraction's length.
        var point = number.IndexOf('.');
        var fractionDigits = point < 0 ? 0 : number.Length - point - 1;
        var digits = point < 0 ? number.ToString() : string.Concat(number[..point], number[(point + 1)..]);
        var mantissa = BigInteger.Parse(digits.Length == 0 ? "0" : digits, NumberStyles.None, CultureInfo.InvariantCulture);

        // value = mantissa * multiplier * 10^(exponent10 - fractionDigits); in nanos add 9 to the exponent.
        var scale = exponent10 - fractionDigits + 9;
        var value = mantissa * multiplier;
        if (scale >= 0)
        {
            value *= BigInteger.Pow(10, scale);
        }
        else
        {
            var divisor = BigInteger.Pow(10, -scale);
            var quotient = BigInteger.DivRem(value, divisor, out var remainder);
            value = remainder.IsZero ? quotient : quotient + 1;
        }

        quantity = new Quantity(negative ? -value : value);
        return true;
    }

    /// <summary>Parses a quantity.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FormatException">The text is not a quantity.</exception>
    public static Quantity Parse(string text) =>
        TryParse(text, out var quantity) ? quantity : throw new FormatException($"'{text}' is not a Kubernetes quantity.");

    private static bool TryScale(ReadOnlySpan<char> suffix, out BigInteger multiplier, out int exponent10)
    {
        multiplier = BigInteger.One;
        exponent10 = 0;
        switch (suffix)
        {
            case "": return true;
            case "n": exponent10 = -9; return true;
            case "u": exponent10 = -6; return true;
            case "m": exponent10 = -3; return true;
            case "k": exponent10 = 3; return true;
            case "M": exponent10 = 6; return true;
            case "G": exponent10 = 9; return true;
            case "T": exponent10 = 12; return true;
            case "P": exponent10 = 15; return true;
            case "E": exponent10 = 18; return true;
            case "Ki": multiplier = BigInteger.One << 10; return true;
            case "Mi": multiplier = BigInteger.One << 20; return true;
            case "Gi": multiplier = BigInteger.One << 30; return true;
            case "Ti": multiplier = BigInteger.One << 40; return true;
            case "Pi": multiplier = BigInteger.One << 50; return true;
            case "Ei": multiplier = BigInteger.One << 60; return true;
        }

        if (suffix.Length >= 2 && suffix[0] is 'e' or 'E')
        {
            return int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent10)
                && exponent10 is >= -30 and <= 30;
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(Quantity other) => Nanos == other.Nanos;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Nanos.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Quantity other) => Nanos.CompareTo(other.Nanos);

    /// <summary>Formats the exact value as a plain decimal number (no suffix).</summary>
    public override string ToString()
    {
        var whole = BigInteger.DivRem(BigInteger.Abs(Nanos), NanosPerUnit, out var fraction);
        var sign = Nanos.Sign < 0 ? "-" : string.Empty;
        return fraction.IsZero
            ? sign + whole.ToString(CultureInfo.InvariantCulture)
            : sign + whole.ToString(CultureInfo.InvariantCulture) + "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>Whether two quantities are equal.</summary>
    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    /// <summary>Whether two quantities differ.</summary>
    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    /// <summary>Whether one quantity is smaller.</summary>
    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    /// <summary>Whether one quantity is larger.</summary>
    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    /// <summary>Whether one quantity is smaller or equal.</summary>
    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    /// <summary>Whether one quantity is larger or equal.</summary>
    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;
}
