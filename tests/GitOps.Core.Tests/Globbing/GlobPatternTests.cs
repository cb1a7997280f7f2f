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

    [TestCase("values/*.yaml", "values/a.yaml", true)]
    [TestCase("values/*.yaml", "values/env/a.yaml", false)] // * stays within a segment
    [TestCase("*.yaml", "sub/a.yaml", false)]
    [TestCase("values/**/*.yaml", "values/a.yaml", true)] // ** may match no folder
    [TestCase("values/**/*.yaml", "values/x/y/a.yaml", true)]
    [TestCase("**/a.yaml", "a.yaml", true)]
    [TestCase("**/a.yaml", "x/y/a.yaml", true)]
    [TestCase("values/**", "values/x/a.yaml", true)]
    [TestCase("values/**", "other/a.yaml", false)]
    [TestCase("values/a**.yaml", "values/ab/c.yaml", false)] // not a whole segment: a plain *
    [TestCase("values/?.yaml", "values/a.yaml", true)]
    [TestCase("values?a.yaml", "values/a.yaml", false)]
    [TestCase("values[!x]a.yaml", "values/a.yaml", false)]
    [TestCase("values[/]a.yaml", "values/a.yaml", false)]
    [TestCase("values/[a-c].yaml", "values/b.yaml", true)]
    [TestCase("{values,env}/*.yaml", "env/a.yaml", true)]
    public void IsMatch_PathSegments_WildcardsStayWithinSegments(string pattern, string path, bool expected) =>
        Assert.That(GlobPattern.Parse(pattern, GlobSyntax.PathSegments).IsMatch(path), Is.EqualTo(expected));

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
