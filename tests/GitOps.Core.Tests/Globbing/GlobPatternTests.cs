using GitOps.Globbing;

namespace GitOps.Tests.Globbing;

public sealed class GlobPatternTests
{
    [TestCase("*.yaml", "a.yaml", true)]
    [TestCase("*.yaml", "sub/a.yaml", true)] // Argo CD's globs let * cross folders
    [TestCase("*.yaml", "a.yml", false)]
    [TestCase("**/*.yaml", "x/y/a.yaml", true)]
    [TestCase("a?.json", "ab.json", true)]
    [TestCase("a?.json", "abc.json", false)]
    [TestCase("{a.yaml,b/*.yaml}", "a.yaml", true)]
    [TestCase("{a.yaml,b/*.yaml}", "b/c.yaml", true)]
    [TestCase("{a.yaml,b/*.yaml}", "c.yaml", false)]
    [TestCase("{x,{y,z}}.yaml", "z.yaml", true)]
    [TestCase("[abc].yaml", "b.yaml", true)]
    [TestCase("[!abc].yaml", "b.yaml", false)]
    [TestCase("[a-c].yaml", "c.yaml", true)]
    [TestCase("v1.(x).yaml", "v1.(x).yaml", true)]
    [TestCase("v1.yaml", "v1xyaml", false)]
    [TestCase("\\*.yaml", "*.yaml", true)]
    [TestCase("\\*.yaml", "a.yaml", false)]
    public void IsMatch_Pattern_MatchesAsArgoCd(string pattern, string path, bool expected) =>
        Assert.That(GlobPattern.Parse(pattern).IsMatch(path), Is.EqualTo(expected));

    [TestCase("{a,b")]
    [TestCase("[ab")]
    public void Parse_Unclosed_ThrowsNamingPattern(string pattern) =>
        Assert.That(() => GlobPattern.Parse(pattern), Throws.TypeOf<FormatException>().With.Message.Contains(pattern));

    [Test]
    public void IsMatch_HostilePattern_CompletesWithoutBacktracking()
    {
        var pattern = GlobPattern.Parse(string.Concat(Enumerable.Repeat("*a", 30)) + "b");
        Assert.That(pattern.IsMatch(new string('a', 5000)), Is.False);
    }
}
