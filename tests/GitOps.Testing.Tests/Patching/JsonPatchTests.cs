using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Patching;

namespace GitOps.Testing.Tests.Patching;

[TestFixture]
public sealed class JsonPatchTests
{
    private static JsonNode Doc() => JsonNode.Parse("""{"a":{"b":[1,2,3],"c":"x"},"d~e":{"f/g":1}}""")!;

    [Test]
    public void Apply_AllOperations_InOrder()
    {
        var result = JsonPatch.Apply(Doc(), JsonNode.Parse("""
            [{"op":"add","path":"/a/b/1","value":9},
             {"op":"add","path":"/a/b/-","value":4},
             {"op":"remove","path":"/a/c"},
             {"op":"replace","path":"/d~0e/f~1g","value":2},
             {"op":"copy","from":"/a/b","path":"/copy"},
             {"op":"move","from":"/copy","path":"/moved"},
             {"op":"test","path":"/moved/0","value":1}]
            """));

        Assert.That(result.ToJsonString(), Is.EqualTo("""{"a":{"b":[1,9,2,3,4]},"d~e":{"f/g":2},"moved":[1,9,2,3,4]}"""));
    }

    [Test]
    public void Apply_FailedTest_Is422AndChangesNothing()
    {
        var doc = Doc();

        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(doc, JsonNode.Parse("""[{"op":"remove","path":"/a"},{"op":"test","path":"/d~0e/f~1g","value":5}]""")));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(422));
            Assert.That(doc["a"], Is.Not.Null, "the original document is untouched");
        });
    }

    [TestCase("""[{"op":"remove","path":"/nope"}]""", 422)]
    [TestCase("""[{"op":"add","path":"/a/b/9","value":1}]""", 400)]
    [TestCase("""[{"op":"jump","path":"/a"}]""", 400)]
    [TestCase("""{"op":"add"}""", 400)]
    [TestCase("""[{"op":"add","path":"a","value":1}]""", 400)]
    public void Apply_BadPatch_HasTheRealCode(string patch, int code)
    {
        var error = Assert.Throws<ApiException>(() => JsonPatch.Apply(Doc(), JsonNode.Parse(patch)));

        Assert.That(error!.Code, Is.EqualTo(code));
    }

    [Test]
    public void MergePatch_NullRemovesAndObjectsMerge()
    {
        var result = MergePatch.Apply(Doc(), JsonNode.Parse("""{"a":{"c":null,"n":1},"d~e":[1]}"""));

        Assert.That(result!.ToJsonString(), Is.EqualTo("""{"a":{"b":[1,2,3],"n":1},"d~e":[1]}"""));
    }
}
