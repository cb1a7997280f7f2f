using GitOps.Sources;

namespace GitOps.Tests.Sources;

public sealed class SourcePathTests
{
    [TestCase("", "")]
    [TestCase(".", "")]
    [TestCase("a/./b//c/", "a/b/c")]
    [TestCase("a\\b", "a/b")]
    [TestCase("a/b/../c", "a/c")]
    public void Normalize_RelativePath_IsCanonical(string input, string expected) =>
        Assert.That(SourcePath.Normalize(input), Is.EqualTo(expected));

    [TestCase("/etc/passwd")]
    [TestCase("..")]
    [TestCase("a/../../b")]
    [TestCase("C:/x")]
    public void Normalize_EscapingPath_Throws(string input) =>
        Assert.That(() => SourcePath.Normalize(input), Throws.TypeOf<SourcePathException>().With.Message.Contains(input));

    [Test]
    public void ResolveLink_TargetOutsideRoot_ThrowsNamingTheLink() =>
        Assert.That(
            () => SourcePath.ResolveLink("app/values.yaml", "../../secret"),
            Throws.TypeOf<SourcePathException>().With.Message.Contains("app/values.yaml"));

    [Test]
    public void ResolveLink_RelativeTarget_ResolvesAgainstLinkDirectory() =>
        Assert.That(SourcePath.ResolveLink("app/values.yaml", "../shared/v.yaml"), Is.EqualTo("shared/v.yaml"));
}
