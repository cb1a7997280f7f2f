using GitOps.Versioning;

namespace GitOps.Tests.Versioning;

public sealed class SemVersionTests
{
    [TestCase("1.2.3", 1, 2, 3, "", "")]
    [TestCase("v1.2.3", 1, 2, 3, "", "")]
    [TestCase("V2", 2, 0, 0, "", "")]
    [TestCase("1.4", 1, 4, 0, "", "")]
    [TestCase("1.0.0-rc.1+build.7", 1, 0, 0, "rc.1", "build.7")]
    [TestCase("0.0.1-alpha-beta", 0, 0, 1, "alpha-beta", "")]
    [TestCase("10.20.30+meta", 10, 20, 30, "", "meta")]
    public void Parse_Valid_ReadsParts(string text, long major, long minor, long patch, string pre, string meta)
    {
        var version = SemVersion.Parse(text);

        Assert.That((version.Major, version.Minor, version.Patch, version.Prerelease, version.Metadata), Is.EqualTo((major, minor, patch, pre, meta)));
    }

    [TestCase("")]
    [TestCase("main")]
    [TestCase("1.2.3.4")]
    [TestCase("1..2")]
    [TestCase("1.2.3-")]
    [TestCase("1.2.3-01")]
    [TestCase("1.2.3-a..b")]
    [TestCase("1.2.3+")]
    [TestCase("1.2.x")]
    [TestCase("release-1.0")]
    [TestCase("-1.0.0")]
    public void TryParse_Invalid_ReturnsFalse(string text) =>
        Assert.That(SemVersion.TryParse(text, out _), Is.False);

    [Test]
    public void Parse_Invalid_ThrowsNamingTheText() =>
        Assert.That(() => SemVersion.Parse("1.2.3-01"), Throws.TypeOf<FormatException>().With.Message.Contains("1.2.3-01").And.Message.Contains("leading zero"));

    // The precedence chain from the SemVer 2.0 specification, plus numeric-vs-length cases.
    [TestCase("1.0.0-alpha", "1.0.0-alpha.1")]
    [TestCase("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [TestCase("1.0.0-alpha.beta", "1.0.0-beta")]
    [TestCase("1.0.0-beta", "1.0.0-beta.2")]
    [TestCase("1.0.0-beta.2", "1.0.0-beta.11")]
    [TestCase("1.0.0-beta.11", "1.0.0-rc.1")]
    [TestCase("1.0.0-rc.1", "1.0.0")]
    [TestCase("1.0.0", "1.0.1")]
    [TestCase("1.9.0", "1.10.0")]
    [TestCase("1.10.0", "2.0.0")]
    [TestCase("1.0.0-9", "1.0.0-10")]
    [TestCase("1.0.0-99", "1.0.0-a")]
    public void CompareTo_OrderedPair_LeftIsLower(string lower, string higher)
    {
        var a = SemVersion.Parse(lower);
        var b = SemVersion.Parse(higher);

        Assert.Multiple(() =>
        {
            Assert.That(a.CompareTo(b), Is.Negative);
            Assert.That(b.CompareTo(a), Is.Positive);
            Assert.That(a < b && b > a && a <= b && b >= a && a != b, Is.True);
        });
    }

    [Test]
    public void Equals_DifferentMetadataOrPrefix_AreEqual()
    {
        var a = SemVersion.Parse("v1.2.3+a");
        var b = SemVersion.Parse("1.2.3+b");

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a == b, Is.True);
    }

    [Test]
    public void ToString_Parsed_IsCanonical() =>
        Assert.That(SemVersion.Parse("v1.2-rc.1+b.5").ToString(), Is.EqualTo("1.2.0-rc.1+b.5"));

    [Test]
    public void Constructor_BadPrerelease_Throws() =>
        Assert.That(() => new SemVersion(1, 0, 0, "a_b"), Throws.ArgumentException.With.Message.Contains("a_b"));
}
