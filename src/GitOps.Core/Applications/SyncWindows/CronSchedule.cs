using System.Globalization;

namespace GitOps.Applications.SyncWindows;

/// <summary>
/// A standard five-field cron schedule (<c>minute hour day-of-month month day-of-week</c>), as Argo CD's sync
/// windows use: <c>*</c> (or <c>?</c>), numbers, lists (<c>1,15</c>), ranges (<c>1-5</c>), steps (<c>*/15</c>,
/// <c>0-30/10</c>, and <c>5/15</c> for <c>5-max/15</c>), and names (<c>JAN</c>–<c>DEC</c>, <c>SUN</c>–<c>SAT</c>, any case).
/// Day of week is 0–6 from Sunday; 7 is also Sunday.
/// </summary>
/// <remarks>
/// <para>
/// As in cron (and the Go library Argo CD uses), when both day fields are restricted a day matches if
/// <em>either</em> matches; when one of them starts with <c>*</c> (without a step) only the other counts.
/// </para>
/// <para>
/// Times are wall-clock times of the time zone passed to <see cref="Next"/>. On a daylight-saving gap a time
/// that does not exist fires at the same distance after the gap starts, as Go's time normalization does
/// (02:30 on a day that jumps from 02:00 to 03:00 fires at 03:30); on an overlap a time that occurs twice fires
/// once, at its first occurrence.
/// </para>
/// </remarks>
public sealed class CronSchedule
{
    // The longest search: day-of-month 29 in February on a given weekday recurs within 28 years.
    private const int MaxSearchYears = 30;

    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly int[] MaxDaysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private readonly ulong _minutes;
    private readonly uint _hours;
    private readonly uint _daysOfMonth;
    private readonly ushort _months;
    private readonly byte _daysOfWeek;
    private readonly bool _dayOfMonthStar;
    private readonly bool _dayOfWeekStar;
    private readonly int[] _hourList;
    private readonly int[] _minuteList;

    private CronSchedule(string expression, ulong minutes, uint hours, uint daysOfMonth, ushort months, byte daysOfWeek, bool domStar, bool dowStar)
    {
        Expression = expression;
        _minutes = minutes;
        _hours = hours;
        _daysOfMonth = daysOfMonth;
        _months = months;
        _daysOfWeek = daysOfWeek;
        _dayOfMonthStar = domStar;
        _dayOfWeekStar = dowStar;
        _hourList = [.. Enumerable.Range(0, 24).Where(h => (hours & (1u << h)) != 0)];
        _minuteList = [.. Enumerable.Range(0, 60).Where(m => (minutes & (1ul << m)) != 0)];
    }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>Parses an expression.</summary>
    /// <param name="expression">Five fields separated by spaces, such as <c>0 22 * * MON-FRI</c>.</param>
    /// <exception cref="FormatException">The expression is malformed or can never fire; the message names the field.</exception>
    public static CronSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return TryParse(expression, out var schedule, out var error) ? schedule : throw new FormatException(error);
    }

    /// <summary>Parses an expression without throwing.</summary>
    /// <param name="expression">The expression.</param>
    /// <param name="schedule">The schedule when valid.</param>
    /// <param name="error">What is wrong, when not valid.</param>
    public static bool TryParse(string? expression, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronSchedule? schedule, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "the cron schedule is empty; expected five fields: minute hour day-of-month month day-of-week";
            return false;
        }

        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"cron schedule '{expression}' has {fields.Length} field(s); expected five: minute hour day-of-month month day-of-week";
            return false;
        }

        if (!TryParseField(expression, fields[0], "minute", 0, 59, null, out var minutes, out _, out error) ||
            !TryParseField(expression, fields[1], "hour", 0, 23, null, out var hours, out _, out error) ||
            !TryParseField(expression, fields[2], "day-of-month", 1, 31, null, out var dom, out var domStar, out error) ||
            !TryParseField(expression, fields[3], "month", 1, 12, MonthNames, out var months, out _, out error) ||
            !TryParseField(expression, fields[4], "day-of-week", 0, 7, DayNames, out var dow, out var dowStar, out error))
        {
            return false;
        }

        // 7 is Sunday too.
        if ((dow & (1ul << 7)) != 0)
        {
            dow = (dow | 1ul) & ~(1ul << 7);
        }

        if (!domStar && dowStar)
        {
            var possible = false;
            for (var month = 1; month <= 12 && !possible; month++)
            {
                if ((months & (1ul << month)) == 0)
                {
                    continue;
                }

                for (var day = 1; day <= MaxDaysInMonth[month - 1]; day++)
                {
                    possible |= (dom & (1ul << day)) != 0;
                }
            }

            if (!possible)
            {
                error = $"cron schedule '{expression}' can never fire: no listed month has the listed day-of-month";
                return false;
            }
        }

        schedule = new CronSchedule(expression, minutes, (uint)hours, (uint)dom, (ushort)months, (byte)dow, domStar, dowStar);
        error = null;
        return true;
    }

    /// <summary>The first time the schedule fires strictly after a given instant, or <see langword="null"/> if it never does.</summary>
    /// <param name="after">The instant to search after.</param>
    /// <param name="timeZone">The time zone whose wall clock the schedule follows; UTC when <see langword="null"/>.</param>
    /// <returns>The instant, with offset zero.</returns>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo? timeZone = null)
    {
        timeZone ??= TimeZoneInfo.Utc;
        var afterUtc = after.UtcDateTime;
        var local = TimeZoneInfo.ConvertTimeFromUtc(afterUtc, timeZone);
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var day = start.Date;
        var limit = day.AddYears(MaxSearchYears);
        var firstDay = true;
        for (; day < limit; day = day.AddDays(1), firstDay = false)
        {
            if (!DayMatches(day))
            {
                continue;
            }

            var best = BestOnDay(day, firstDay ? start : day, afterUtc, timeZone);
            if (best is not null)
            {
                return new DateTimeOffset(best.Value, TimeSpan.Zero);
            }
        }

        return null;
    }

    /// <summary>Whether the schedule fires at a wall-clock minute (seconds are ignored).</summary>
    /// <param name="wallClock">The local date and time.</param>
    public bool Matches(DateTime wallClock) =>
        DayMatches(wallClock.Date) && (_hours & (1u << wallClock.Hour)) != 0 && (_minutes & (1ul << wallClock.Minute)) != 0;

    /// <inheritdoc />
    public override string ToString() => Expression;

    private DateTime? BestOnDay(DateTime day, DateTime from, DateTime afterUtc, TimeZoneInfo timeZone)
    {
        DateTime? best = null;
        var hasTransition = timeZone.GetUtcOffset(day) != timeZone.GetUtcOffset(day.AddDays(1)) ||
                            timeZone.IsAmbiguousTime(day) || timeZone.IsInvalidTime(day);
        foreach (var hour in _hourList)
        {
            if (hour < from.Hour && day == from.Date)
            {
                continue;
            }

            foreach (var minute in _minuteList)
            {
                var wall = day.AddHours(hour).AddMinutes(minute);
                if (wall < from)
                {
                    continue;
                }

                var utc = ToUtc(wall, timeZone);
                if (utc <= afterUtc)
                {
                    continue;
                }

                // Without a transition wall order is time order, so the first hit is the earliest.
                if (!hasTransition)
                {
                    return utc;
                }

                if (best is null || utc < best)
                {
                    best = utc;
                }
            }
        }

        return best;
    }

    private static DateTime ToUtc(DateTime wall, TimeZoneInfo timeZone)
    {
        if (timeZone.IsInvalidTime(wall))
        {
            // Inside a gap: shift forward by the gap, using the offset in force before it (Go's normalization).
            var before = timeZone.GetUtcOffset(wall.AddDays(-1));
            return DateTime.SpecifyKind(wall - before, DateTimeKind.Utc);
        }

        if (timeZone.IsAmbiguousTime(wall))
        {
            // Twice on the clock: the first occurrence has the larger offset.
            var offsets = timeZone.GetAmbiguousTimeOffsets(wall);
            return DateTime.SpecifyKind(wall - offsets.Max(), DateTimeKind.Utc);
        }

        return DateTime.SpecifyKind(wall - timeZone.GetUtcOffset(wall), DateTimeKind.Utc);
    }

    private bool DayMatches(DateTime day)
    {
        if ((_months & (1u << day.Month)) == 0)
        {
            return false;
        }

        var domMatch = (_daysOfMonth & (1u << day.Day)) != 0;
        var dowMatch = (_daysOfWeek & (1u << (int)day.DayOfWeek)) != 0;
        return _dayOfMonthStar || _dayOfWeekStar ? domMatch && dowMatch : domMatch || dowMatch;
    }

    private static bool TryParseField(string expression, string field, string name, int min, int max, string[]? names, out ulong bits, out bool star, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        bits = 0;
        star = false;
        error = null;
        foreach (var part in field.Split(','))
        {
            if (part.Length == 0)
            {
                error = $"cron schedule '{expression}': the {name} field '{field}' has an empty list item";
                return false;
            }

            var slash = part.IndexOf('/', StringComparison.Ordinal);
            var rangeText = slash < 0 ? part : part[..slash];
            var step = 1;
            if (slash >= 0 && (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0 || step > max - min + 1))
            {
                error = $"cron schedule '{expression}': the {name} field has an invalid step in '{part}' (expected 1 to {max - min + 1})";
                return false;
            }

            int low, high;
            if (rangeText is "*" or "?")
            {
                (low, high) = (min, max == 7 ? 6 : max);
                // A stepped star restricts the field, so it no longer counts as a star for the day rule.
                star |= step == 1;
            }
            else
            {
                var dash = rangeText.IndexOf('-', StringComparison.Ordinal);
                if (!TryParseValue(dash < 0 ? rangeText : rangeText[..dash], min, max, names, out low))
                {
                    error = $"cron schedule '{expression}': the {name} field has '{(dash < 0 ? rangeText : rangeText[..dash])}' in '{part}', expected {Allowed(min, max, names)}";
                    return false;
                }

                high = low;
                if (dash >= 0)
                {
                    if (!TryParseValue(rangeText[(dash + 1)..], min, max, names, out high))
                    {
                        error = $"cron schedule '{expression}': the {name} field has '{rangeText[(dash + 1)..]}' in '{part}', expected {Allowed(min, max, names)}";
                        return false;
                    }

                    if (high < low)
                    {
                        error = $"cron schedule '{expression}': the {name} range '{rangeText}' runs backwards";
                        return false;
                    }
                }
                else if (slash >= 0)
                {
                    // "N/step" means "N-max/step".
                    high = max == 7 ? 6 : max;
                }
            }

            for (var value = low; value <= high; value += step)
            {
                bits |= 1ul << value;
            }
        }

        return true;
    }

    private static bool TryParseValue(string text, int min, int max, string[]? names, out int value)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = index + (min == 1 ? 1 : 0);
                return true;
            }
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static string Allowed(int min, int max, string[]? names) =>
        names is null ? $"{min}-{max}" : $"{min}-{max} or {names[0]}-{names[^1]}";
}
