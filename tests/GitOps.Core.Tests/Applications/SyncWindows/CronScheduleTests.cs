using GitOps.Applications.SyncWindows;

namespace GitOps.Tests.Applications.SyncWindows;

public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Test]
    public void Next_EveryMinute_ReturnsNextWholeMinute()
    {
        var at = new DateTimeOffset(2026, 1, 1, 10, 0, 30, TimeSpan.Zero);
        Assert.That(CronSchedule.Parse("* * * * *").Next(at), Is.EqualTo(Utc(2026, 1, 1, 10, 1)));
    }

    [Test]
    public void Next_IsStrictlyAfter()
    {
        Assert.That(CronSchedule.Parse("0 10 * * *").Next(Utc(2026, 1, 1, 10)), Is.EqualTo(Utc(2026, 1, 2, 10)));
    }

    [Test]
    public void Next_ListsRangesAndSteps()
    {
        var schedule = CronSchedule.Parse("0,30 8-10 * * *");
        var times = Sequence(schedule, Utc(2026, 3, 2), 7);
        Assert.That(times.Select(t => t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(new[] { "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "08:00" }));
    }

    [TestCase("*/15 * * * *", new[] { 0, 15, 30, 45 })]
    [TestCase("10-30/10 * * * *", new[] { 10, 20, 30 })]
    [TestCase("5/20 * * * *", new[] { 5, 25, 45 })]
    [TestCase("59 * * * *", new[] { 59 })]
    [TestCase("0-59/59 * * * *", new[] { 0, 59 })]
    public void Next_MinuteSteps_FireOnExpectedMinutes(string expression, int[] minutes)
    {
        var schedule = CronSchedule.Parse(expression);
        var seen = Sequence(schedule, Utc(2026, 1, 1).AddMinutes(-1), 60)
            .TakeWhile(t => t < Utc(2026, 1, 1, 1))
            .Select(t => t.Minute);
        Assert.That(seen, Is.EqualTo(minutes));
    }

    [Test]
    public void Next_NamesForMonthsAndDays_CaseInsensitive()
    {
        var schedule = CronSchedule.Parse("0 9 * jan-Mar MON-fri");
        // After March, the next weekday in January to March is Friday 2027-01-01.
        var next = schedule.Next(Utc(2026, 3, 31, 10));
        Assert.That(next, Is.EqualTo(Utc(2027, 1, 1, 9)));
        Assert.That(next!.Value.DayOfWeek, Is.EqualTo(DayOfWeek.Friday));
    }

    [Test]
    public void Next_DayOfWeekSeven_IsSunday()
    {
        var next = CronSchedule.Parse("0 0 * * 7").Next(Utc(2026, 1, 1));
        Assert.That(next!.Value.DayOfWeek, Is.EqualTo(DayOfWeek.Sunday));
    }

    [Test]
    public void Next_BothDayFieldsRestricted_MatchesEither()
    {
        // The 13th, or any Friday.
        var schedule = CronSchedule.Parse("0 0 13 * FRI");
        var days = Sequence(schedule, Utc(2026, 2, 1), 4).Select(t => t.Day);
        // February 2026: Fridays 6, 13 (also the 13th), 20, 27.
        Assert.That(days, Is.EqualTo(new[] { 6, 13, 20, 27 }));
    }

    [Test]
    public void Next_DayOfWeekStar_OnlyDayOfMonthCounts()
    {
        var next = CronSchedule.Parse("0 0 13 * *").Next(Utc(2026, 2, 1));
        Assert.That(next, Is.EqualTo(Utc(2026, 2, 13)));
    }

    [Test]
    public void Next_SteppedStarInDayOfWeek_IsARestriction()
    {
        // "*/2" in day-of-week is Sun, Tue, Thu, Sat and no longer a star, so either field may match.
        var schedule = CronSchedule.Parse("0 0 1 * */2");
        var next = schedule.Next(Utc(2026, 6, 1, 1)); // Monday June 1st, after midnight
        Assert.That(next, Is.EqualTo(Utc(2026, 6, 2))); // Tuesday
    }

    [Test]
    public void Next_February29_WaitsForLeapYear()
    {
        Assert.That(CronSchedule.Parse("0 12 29 2 *").Next(Utc(2026, 3, 1)), Is.EqualTo(Utc(2028, 2, 29, 12)));
    }

    [Test]
    public void Next_February29_RecursEveryFourYears()
    {
        // Leap days recur every four years; the next one on a Monday is in 2044.
        var schedule = CronSchedule.Parse("0 0 29 2 *");
        var next = Utc(2026, 1, 1);
        while (true)
        {
            next = schedule.Next(next)!.Value;
            if (next.DayOfWeek == DayOfWeek.Monday)
            {
                break;
            }
        }

        Assert.That(next, Is.EqualTo(Utc(2044, 2, 29)));
    }

    [Test]
    public void Next_Day31_SkipsShortMonths()
    {
        var days = Sequence(CronSchedule.Parse("0 0 31 * *"), Utc(2026, 1, 31, 1), 3).Select(t => t.Month);
        Assert.That(days, Is.EqualTo(new[] { 3, 5, 7 }));
    }

    [Test]
    public void Next_InTimeZone_FollowsWallClock()
    {
        // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
        var schedule = CronSchedule.Parse("0 9 * * *");
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Next(Utc(2026, 1, 10), Berlin), Is.EqualTo(Utc(2026, 1, 10, 8)));
            Assert.That(schedule.Next(Utc(2026, 7, 10), Berlin), Is.EqualTo(Utc(2026, 7, 10, 7)));
        });
    }

    [Test]
    public void Next_SpringForwardGap_FiresShiftedByTheGap()
    {
        // 2026-03-08 New York jumps from 02:00 EST to 03:00 EDT; 02:30 does not exist and fires at 03:30 EDT (07:30 UTC).
        var schedule = CronSchedule.Parse("30 2 * * *");
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Next(Utc(2026, 3, 8, 5), NewYork), Is.EqualTo(Utc(2026, 3, 8, 7, 30)));
            // The day after, 02:30 EDT is 06:30 UTC.
            Assert.That(schedule.Next(Utc(2026, 3, 8, 8), NewYork), Is.EqualTo(Utc(2026, 3, 9, 6, 30)));
        });
    }

    [Test]
    public void Next_FallBackOverlap_FiresOnceAtTheFirstOccurrence()
    {
        // 2026-11-01 New York: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
        var schedule = CronSchedule.Parse("30 1 * * *");
        var first = schedule.Next(Utc(2026, 11, 1, 4), NewYork);
        var second = schedule.Next(first!.Value, NewYork);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(Utc(2026, 11, 1, 5, 30)));
            Assert.That(second, Is.EqualTo(Utc(2026, 11, 2, 6, 30)));
        });
    }

    [Test]
    public void Next_HourlyAcrossFallBack_KeepsTimeOrder()
    {
        // Every 30 minutes through the repeated hour: the wall clock shows 01:00 and 01:30 twice but each fires once.
        var schedule = CronSchedule.Parse("*/30 * * * *");
        var times = Sequence(schedule, Utc(2026, 11, 1, 4, 45), 5);
        Assert.That(times, Is.Ordered.Ascending);
        Assert.That(times, Is.Unique);
    }

    [Test]
    public void Next_HalfHourlyAcrossSpringForward_NoDuplicatesNoGaps()
    {
        // New York 2026-03-08: 01:30 EST (06:30 UTC), then the clock jumps to 03:00 EDT (07:00 UTC).
        var schedule = CronSchedule.Parse("*/30 * * * *");
        var times = new List<DateTimeOffset>();
        for (var at = Utc(2026, 3, 8, 6); times.Count < 4; at = times[^1])
        {
            times.Add(schedule.Next(at, NewYork)!.Value);
        }

        Assert.That(times, Is.EqualTo(new[] { Utc(2026, 3, 8, 6, 30), Utc(2026, 3, 8, 7), Utc(2026, 3, 8, 7, 30), Utc(2026, 3, 8, 8) }));
    }

    [Test]
    public void Next_ImpossibleDayOfWeekCombination_ReturnsNullWhenNeverWithinSearch()
    {
        // Parse rejects the impossible day-of-month combinations; a real one always has an answer.
        Assert.That(CronSchedule.Parse("0 0 30 1 *").Next(Utc(2026, 2, 1)), Is.EqualTo(Utc(2027, 1, 30)));
    }

    [Test]
    public void Matches_WallClockMinute()
    {
        var schedule = CronSchedule.Parse("15 14 * * MON");
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Matches(new DateTime(2026, 6, 1, 14, 15, 59)), Is.True);
            Assert.That(schedule.Matches(new DateTime(2026, 6, 2, 14, 15, 0)), Is.False);
        });
    }

    [TestCase("", "empty")]
    [TestCase("* * * *", "has 4 field(s)")]
    [TestCase("* * * * * *", "has 6 field(s)")]
    [TestCase("60 * * * *", "minute field has '60'")]
    [TestCase("* 24 * * *", "hour field has '24'")]
    [TestCase("* * 0 * *", "day-of-month field has '0'")]
    [TestCase("* * 32 * *", "day-of-month field has '32'")]
    [TestCase("* * * 13 *", "month field has '13'")]
    [TestCase("* * * * 8", "day-of-week field has '8'")]
    [TestCase("* * * FOO *", "month field has 'FOO'")]
    [TestCase("10-5 * * * *", "runs backwards")]
    [TestCase("*/0 * * * *", "invalid step")]
    [TestCase("*/x * * * *", "invalid step")]
    [TestCase("1,,2 * * * *", "empty list item")]
    [TestCase("0 0 30 2 *", "can never fire")]
    [TestCase("0 0 31 4,6 *", "can never fire")]
    [TestCase("@daily", "has 1 field(s)")]
    public void Parse_Invalid_ThrowsNamingTheField(string expression, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void Parse_QuestionMark_IsStar()
    {
        Assert.That(CronSchedule.Parse("0 0 ? * MON").Next(Utc(2026, 6, 2)), Is.EqualTo(Utc(2026, 6, 8)));
    }

    private static List<DateTimeOffset> Sequence(CronSchedule schedule, DateTimeOffset after, int count)
    {
        var result = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            after = schedule.Next(after)!.Value;
            result.Add(after);
        }

        return result;
    }
}
