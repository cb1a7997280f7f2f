using GitOps.Applications;

namespace GitOps.Tests.Applications;

public sealed class GoDurationTests
{
    [TestCase("5s", 5_000)]
    [TestCase("3m", 180_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("1.5h", 5_400_000)]
    [TestCase("250ms", 250)]
    [TestCase("0", 0)]
    [TestCase("+2m", 120_000)]
    [TestCase("1h1m1s1ms", 3_661_001)]
    [TestCase(".5s", 500)]
    public void Parse_ValidGoDuration_ReturnsMilliseconds(string text, long milliseconds)
    {
        Assert.That(GoDuration.Parse(text), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Test]
    public void Parse_MicroAndNanoseconds_RoundDownToTicks()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GoDuration.Parse("3us"), Is.EqualTo(TimeSpan.FromTicks(30)));
            Assert.That(GoDuration.Parse("3µs"), Is.EqualTo(TimeSpan.FromTicks(30)));
            Assert.That(GoDuration.Parse("250ns"), Is.EqualTo(TimeSpan.FromTicks(2)));
        });
    }

    [Test]
    public void Parse_Negative_ReturnsNegative()
    {
        Assert.That(GoDuration.Parse("-1m30s"), Is.EqualTo(TimeSpan.FromSeconds(-90)));
    }

    [TestCase("5x", "unknown unit 'x'")]
    [TestCase("5", "has no unit")]
    [TestCase("", "must not be empty")]
    [TestCase("h", "expected a number")]
    [TestCase("1..5s", "expected a number")]
    [TestCase("-", "a number is missing")]
    [TestCase("1 h", "unknown unit ' h'")]
    public void Parse_Invalid_ThrowsNamingTheProblem(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => GoDuration.Parse(text));
        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void TryParse_TooLarge_Fails()
    {
        Assert.That(GoDuration.TryParse("99999999999999h", out _, out var error), Is.False);
        Assert.That(error, Does.Contain("too long"));
    }

    [TestCase(0, "0s")]
    [TestCase(5_000, "5s")]
    [TestCase(5_400_000, "1h30m0s")]
    [TestCase(61_500, "1m1.5s")]
    [TestCase(250, "250ms")]
    [TestCase(-90_000, "-1m30s")]
    public void Format_LikeGo(long milliseconds, string expected)
    {
        Assert.That(GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
    }

    [Test]
    public void Format_ThenParse_RoundTrips()
    {
        foreach (var value in new[] { TimeSpan.FromTicks(30), TimeSpan.FromTicks(7), TimeSpan.FromHours(26.25), TimeSpan.FromMilliseconds(1500) })
        {
            Assert.That(GoDuration.Parse(GoDuration.Format(value)), Is.EqualTo(value), GoDuration.Format(value));
        }
    }
}
