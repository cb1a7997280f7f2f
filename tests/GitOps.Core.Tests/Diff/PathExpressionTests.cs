using System.Text.Json.Nodes;
using GitOps.Diff;

namespace GitOps.Tests.Diff;

public sealed class PathExpressionTests
{
    private static JsonNode Doc() => JsonNode.Parse("""
        {"metadata":{"annotations":{"example.com/x":"1","keep":"2"}},
         "spec":{"replicas":3,"containers":[
           {"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]},
           {"name":"istio-proxy","image":"proxy:1"},
           {"name":"istio-init","image":"init:1"}]}}
        """)!;

    [TestCase(".spec.replicas", 1)]
    [TestCase(".spec.containers[].image", 3)]
    [TestCase(".spec.containers[] | select(.name == \"istio-proxy\") | .image", 1)]
    [TestCase(".spec.containers[] | select(.name | startswith(\"istio\"))", 2)]
    [TestCase(".spec.containers[] | select(.name | test(\"^istio-(proxy|init)$\"))", 2)]
    [TestCase(".spec.containers[] | select(.name != \"app\")", 2)]
    [TestCase(".spec.containers[] | select(.env)", 1)]
    [TestCase(".spec.containers[-1].image", 1)]
    [TestCase(".metadata.annotations[\"example.com/x\"]", 1)]
    [TestCase(".metadata.annotations[]", 2)]
    [TestCase(".spec.missing.deeper", 0)]
    public void Select_Expression_FindsExpectedCount(string expression, int count) =>
        Assert.That(PathExpression.Parse(expression).Select(Doc()).Count(), Is.EqualTo(count));

    [Test]
    public void Remove_FilteredElements_RemovesOnlyThose()
    {
        var doc = Doc();

        var removed = PathExpression.Parse(".spec.containers[] | select(.name | startswith(\"istio\"))").Remove(doc);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(2));
            Assert.That(doc["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!), Is.EqualTo(new[] { "app" }));
        });
    }

    [Test]
    public void Remove_FieldAfterSelect_RemovesField()
    {
        var doc = Doc();

        PathExpression.Parse(".spec.containers[] | select(.name == \"istio-proxy\").image").Remove(doc);

        Assert.That(doc["spec"]!["containers"]![1]!.AsObject().ContainsKey("image"), Is.False);
    }

    [TestCase("spec.replicas")]
    [TestCase(".spec[")]
    [TestCase(".spec | select(.a == )")]
    [TestCase(".a | select(.b | frobnicate(\"x\"))")]
    [TestCase("")]
    public void Parse_Malformed_ThrowsNamingExpression(string expression) =>
        Assert.That(() => PathExpression.Parse(expression), Throws.TypeOf<FormatException>().With.Message.Contains("Path expression"));
}
