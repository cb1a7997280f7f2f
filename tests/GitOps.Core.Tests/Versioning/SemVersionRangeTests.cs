using GitOps.Versioning;

namespace GitOps.Tests.Versioning;

/// <summary>The range semantics Argo CD uses for semver target revisions (Masterminds/semver constraints).</summary>
public sealed class SemVersionRangeTests
{
    private static readonly string[] Candidates = ["1.0.0", "1.4.2", "1.5.0-rc.1", "2.0.0", "v1.4.10"];

    [TestCase("1.2.3", "1.2.3", true)]
    [TestCase("1.2.3", "1.2.4", false)]
    [TestCase("=1.2.3", "v1.2.3", true)]
    [TestCase("!=1.2.3", "1.2.4", true)]
    [TestCase("!=1.2.3", "1.2.3", false)]
    [TestCase("!=1.x", "1.9.0", false)]
    [TestCase("!=1.x", "2.0.0", true)]
    [TestCase(">1.2.3", "1.2.4", true)]
    [TestCase(">1.2.3", "1.2.3", false)]
    [TestCase(">1.2", "1.2.9", false)]
    [TestCase(">1.2", "1.3.0", true)]
    [TestCase(">1", "1.9.9", false)]
    [TestCase(">1", "2.0.0", true)]
    [TestCase(">=1.2.3", "1.2.3", true)]
    [TestCase("=>1.2.3", "1.2.2", false)]
    [TestCase("<1.2.3", "1.2.2", true)]
    [TestCase("<1.2", "1.2.0", false)]
    [TestCase("<=1.2", "1.2.9", true)]
    [TestCase("<=1.2", "1.3.0", false)]
    [TestCase("=<1", "1.9.0", true)]
    [TestCase("<=1.2.3", "1.2.4", false)]
    [TestCase("1.2.*", "1.2.7", true)]
    [TestCase("1.2.x", "1.3.0", false)]
    [TestCase("1.2", "1.2.7", true)]
    [TestCase("1.x", "1.9.0", true)]
    [TestCase("1.X", "2.0.0", false)]
    [TestCase("1", "1.5.5", true)]
    [TestCase("*", "9.9.9", true)]
    [TestCase("x", "0.0.1", true)]
    [TestCase("", "3.0.0", true)]
    [TestCase("~1.2.3", "1.2.9", true)]
    [TestCase("~1.2.3", "1.3.0", false)]
    [TestCase("~1.2.3", "1.2.2", false)]
    [TestCase("~>1.2", "1.2.0", true)]
    [TestCase("~1", "1.9.0", true)]
    [TestCase("~1", "2.0.0", false)]
    [TestCase("~1.x", "1.4.0", true)]
    [TestCase("~0.0.0", "5.0.0", true)]
    [TestCase("^1.2.3", "1.9.9", true)]
    [TestCase("^1.2.3", "2.0.0", false)]
    [TestCase("^1.2.3", "1.2.2", false)]
    [TestCase("^1.4", "1.4.0", true)]
    [TestCase("^1", "1.0.0", true)]
    [TestCase("^0.2.3", "0.2.9", true)]
    [TestCase("^0.2.3", "0.3.0", false)]
    [TestCase("^0.2", "0.2.0", true)]
    [TestCase("^0.0.3", "0.0.3", true)]
    [TestCase("^0.0.3", "0.0.4", false)]
    [TestCase("^0.0", "0.0.9", true)]
    [TestCase("^0.0", "0.1.0", false)]
    [TestCase("^0", "0.9.0", true)]
    [TestCase("^0", "1.0.0", false)]
    [TestCase(">=1.0.0 <2.0.0", "1.5.0", true)]
    [TestCase(">=1.0.0, <2.0.0", "2.0.0", false)]
    [TestCase(">= 1.0.0 , < 2.0.0", "1.0.0", true)]
    [TestCase("<1.0.0 || >=3", "3.1.0", true)]
    [TestCase("<1.0.0 || >=3", "2.0.0", false)]
    [TestCase("1.2 - 1.4.5", "1.4.5", true)]
    [TestCase("1.2 - 1.4.5", "1.4.6", false)]
    [TestCase("1.2 - 1.4.5", "1.1.9", false)]
    [TestCase("v1.2.x", "v1.2.3", true)]
    public void IsSatisfiedBy_Release(string range, string version, bool expected) =>
        Assert.That(SemVersionRange.Parse(range).IsSatisfiedBy(SemVersion.Parse(version)), Is.EqualTo(expected));

    [TestCase("*", "1.0.0-rc.1", false)]
    [TestCase(">=1.0.0", "1.1.0-rc.1", false)]
    [TestCase("^1.2", "1.3.0-beta", false)]
    [TestCase(">=1.0.0-0", "1.1.0-rc.1", true)]
    [TestCase(">=1.2.3-beta.1 <2", "1.5.0-alpha", true)]
    [TestCase(">=1.2.3-beta.1", "1.2.3-alpha", false)]
    [TestCase("1.2.3-rc.1", "1.2.3-rc.1", true)]
    [TestCase("^1.0.0-0 || 3.x", "3.0.0-rc.1", false)]
    [TestCase("^1.0.0-0 || 3.x", "1.5.0-rc.1", true)]
    public void IsSatisfiedBy_Prerelease_OnlyWhenTheAlternativeNamesOne(string range, string version, bool expected) =>
        Assert.That(SemVersionRange.Parse(range).IsSatisfiedBy(SemVersion.Parse(version)), Is.EqualTo(expected));

    [Test]
    public void IsSatisfiedBy_IncludePrerelease_AdmitsThem() =>
        Assert.That(SemVersionRange.Parse("^1.2").IsSatisfiedBy(SemVersion.Parse("1.3.0-beta"), includePrerelease: true), Is.True);

    [TestCase("main")]
    [TestCase("feature/x")]
    [TestCase("release-1.0")]
    [TestCase(">=1.a")]
    [TestCase("1.2.3.4")]
    [TestCase(">>1")]
    [TestCase("^")]
    [TestCase("HEAD")]
    public void TryParse_NotARange_ReturnsFalse(string text) =>
        Assert.That(SemVersionRange.TryParse(text, out _), Is.False);

    [Test]
    public void Parse_NotARange_ThrowsNamingThePart() =>
        Assert.That(() => SemVersionRange.Parse(">=1.0 <2.q"), Throws.TypeOf<FormatException>().With.Message.Contains("<2.q"));

    [Test]
    public void MaxSatisfying_Candidates_PicksHighestMatch()
    {
        var versions = Candidates.Select(SemVersion.Parse);

        Assert.That(SemVersionRange.Parse("^1.0").MaxSatisfying(versions)?.ToString(), Is.EqualTo("1.4.10"));
        Assert.That(SemVersionRange.Parse("^3").MaxSatisfying(versions), Is.Null);
    }
}
