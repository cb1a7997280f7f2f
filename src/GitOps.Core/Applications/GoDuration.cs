using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace GitOps.Applications;

/// <summary>
/// Durations written the way Go's <c>time.ParseDuration</c> reads them, as Argo CD's manifests use them:
/// an optional sign and one or more decimal numbers, each with a unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>,
/// <c>s</c>, <c>m</c>, <c>h</c>), such as <c>5s</c>, <c>3m</c>, <c>1h30m</c> or <c>1.5h</c>. A bare <c>0</c> is zero.
/// </summary>
/// <remarks>.NET time spans count 100 ns ticks, so nanosecond parts are rounded down to a tick.</remarks>
public static class GoDuration
{
    /// <summary>Parses a Go duration.</summary>
    /// <param name="text">The text, such as <c>1h30m</c>.</param>
    /// <exception cref="FormatException">The text is not a Go duration; the message says why.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var error) ? value : throw new FormatException(error);
    }

    /// <summary>Parses a Go duration, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration when the text is valid.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Parses a Go duration, without throwing, and says what is wrong when it is not one.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration when the text is valid.</param>
    /// <param name="error">Why the text is not valid, when it is not.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            error = "a duration must not be empty (write it as in Go: 30s, 5m, 1h30m)";
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            error = null;
            return true;
        }

        if (s.IsEmpty)
        {
            error = $"'{text}' is not a duration: a number is missing";
            return false;
        }

        decimal totalTicks = 0;
        while (!s.IsEmpty)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || s[..digits] is "." || s[..digits].Count('.') > 1)
            {
                error = $"'{text}' is not a duration: expected a number at '{s.ToString()}' (write it as in Go: 30s, 5m, 1h30m)";
                return false;
            }

            if (!decimal.TryParse(s[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{text}' is not a duration: the number '{s[..digits].ToString()}' is too large";
                return false;
            }

            s = s[digits..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                error = $"'{text}' is not a duration: the number {number.ToString(CultureInfo.InvariantCulture)} has no unit (ns, us, ms, s, m, h)";
                return false;
            }

            var unit = s[..unitLength].ToString();
            decimal ticksPerUnit = unit switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1m,
            };
            if (ticksPerUnit < 0)
            {
                error = $"'{text}' is not a duration: unknown unit '{unit}' (use ns, us, ms, s, m or h)";
                return false;
            }

            totalTicks += number * ticksPerUnit;
            if (totalTicks > TimeSpan.MaxValue.Ticks)
            {
                error = $"'{text}' is not a duration: it is too long";
                return false;
            }

            s = s[unitLength..];
        }

        var ticks = (long)decimal.Truncate(totalTicks);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        error = null;
        return true;
    }

    /// <summary>Formats a duration as Go prints one: <c>1h30m0s</c>, <c>5s</c>, <c>1.5s</c>, <c>250ms</c>, <c>0s</c>.</summary>
    /// <param name="value">The duration.</param>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value.Duration();
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            // Go switches to a smaller unit below one second.
            var ticks = value.Ticks;
            return ticks % TimeSpan.TicksPerMillisecond == 0
                ? builder.Append(ticks / TimeSpan.TicksPerMillisecond).Append("ms").ToString()
                : ticks % 10 == 0
                    ? builder.Append(ticks / 10).Append("µs").ToString()
                    : builder.Append(ticks * 100).Append("ns").ToString();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            builder.Append(hours).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            builder.Append(value.Minutes).Append('m');
        }

        var seconds = value.Seconds + ((decimal)(value.Ticks % TimeSpan.TicksPerSecond) / TimeSpan.TicksPerSecond);
        builder.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        return builder.ToString();
    }
}
