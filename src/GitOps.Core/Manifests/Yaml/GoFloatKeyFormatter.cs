using System.Globalization;
using System.Text;

namespace GitOps.Manifests.Yaml;

/// <summary>
/// Formats a float mapping key the way sigs.k8s.io/yaml turns it into a JSON object key: Go's
/// <c>strconv.FormatFloat(v, 'g', -1, 32)</c> (shortest digits of the float32 value, exponent form when the
/// exponent is below -4 or at least 6), with <c>.inf</c>, <c>-.inf</c> and <c>.nan</c> for the specials.
/// </summary>
internal static class GoFloatKeyFormatter
{
    public static string Format(double value)
    {
        var f = (float)value;
        if (float.IsNaN(f))
        {
            return ".nan";
        }

        if (float.IsInfinity(f))
        {
            return f > 0 ? ".inf" : "-.inf";
        }

        var negative = float.IsNegative(f);
        if (f == 0)
        {
            return negative ? "-0" : "0";
        }

        // .NET prints the shortest text that round-trips, as Go does; take its digits and decimal exponent.
        var text = Math.Abs(f).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = point < 0 ? text : text[..point];
        var digits = (point < 0 ? text : intPart + text[(point + 1)..]).TrimStart('0');
        var decimalPoint = intPart.TrimStart('0').Length + exponent;
        if (intPart.TrimStart('0').Length == 0)
        {
            // 0.00123: the leading zeros after the point move the decimal point left.
            var fraction = point < 0 ? string.Empty : text[(point + 1)..];
            decimalPoint = -(fraction.Length - fraction.TrimStart('0').Length) + exponent;
        }

        digits = digits.TrimEnd('0');
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        var exp = decimalPoint - 1;
        if (exp < -4 || exp >= 6)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            builder.Append('e').Append(exp < 0 ? '-' : '+');
            var abs = Math.Abs(exp);
            if (abs < 10)
            {
                builder.Append('0');
            }

            builder.Append(abs.ToString(CultureInfo.InvariantCulture));
            return builder.ToString();
        }

        if (decimalPoint <= 0)
        {
            builder.Append("0.").Append('0', -decimalPoint).Append(digits);
        }
        else if (decimalPoint >= digits.Length)
        {
            builder.Append(digits).Append('0', decimalPoint - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
        }

        return builder.ToString();
    }
}
