using System.Text.Json.Nodes;
using GitOps.Diff;

namespace GitOps.Tests.Diff;

public sealed class JsonPointerTests
{
    [Test]
    public void Remove_EscapedKey_RemovesIt()
    {
        var doc = JsonNode.Parse("""{"metadata":{"labels":{"app.kubernetes.io/name":"x","a~b":"y"}}}""")!;

        Assert.Multiple(() =>
        {
            Assert.That(JsonPointer.Parse("/metadata/labels/app.kubernetes.io~1name").Remove(doc), Is.True);
            Assert.That(JsonPointer.Parse("/metadata/labels/a~0b").Remove(doc), Is.True);
            Assert.That(doc["metadata"]!["labels"]!.AsObject(), Is.Empty);
        });
    }

    [Test]
    public void Remove_ArrayIndexAndMissing_BehavesPerRfc()
    {
        var doc = JsonNode.Parse("""{"a":[1,2,3]}""")!;

        Assert.Multiple(() =>
        {
            Assert.That(JsonPointer.Parse("/a/1").Remove(doc), Is.True);
            Assert.That(JsonPointer.Parse("/a/01").Remove(doc), Is.False);
            Assert.That(JsonPointer.Parse("/a/9").Remove(doc), Is.False);
            Assert.That(JsonPointer.Parse("/b/c").Remove(doc), Is.False);
            Assert.That(doc["a"]!.ToJsonString(), Is.EqualTo("[1,3]"));
        });
    }

    [TestCase("spec/replicas")]
    [TestCase("/a~2b")]
    public void Parse_Malformed_Throws(string text) =>
        Assert.That(() => JsonPointer.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(text));
}
