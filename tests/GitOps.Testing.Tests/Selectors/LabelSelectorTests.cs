using GitOps.Testing.Api;
using GitOps.Testing.Selectors;

namespace GitOps.Testing.Tests.Selectors;

[TestFixture]
public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["example.com/tier"] = "front" };

    [TestCase("", true)]
    [TestCase("app=web", true)]
    [TestCase("app==web", true)]
    [TestCase("app = web , example.com/tier", true)]
    [TestCase("app!=web", false)]
    [TestCase("app in (web, api)", true)]
    [TestCase("app notin (web)", false)]
    [TestCase("missing notin (x)", true)]
    [TestCase("!missing", true)]
    [TestCase("!app", false)]
    [TestCase("app in ()", true)]
    public void Matches_Operators(string selector, bool expected)
    {
        var parsed = selector == "app in ()" ? null : LabelSelector.Parse(selector);
        if (parsed is null)
        {
            Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
            return;
        }

        Assert.That(parsed.Matches(Labels), Is.EqualTo(expected));
    }

    [TestCase("app=")]
    [TestCase("a b")]
    [TestCase("app in (x")]
    [TestCase("-bad=x")]
    [TestCase("app=va lue")]
    [TestCase("app=bad value!")]
    public void Parse_Malformed_IsBadRequestQuotingTheSelector(string selector)
    {
        if (selector == "app=")
        {
            // An empty value is legal: it matches an empty label value.
            Assert.That(LabelSelector.Parse(selector).Matches(new Dictionary<string, string> { ["app"] = string.Empty }), Is.True);
            return;
        }

        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(400));
            Assert.That(error.Message, Does.Contain(selector));
        });
    }
}
