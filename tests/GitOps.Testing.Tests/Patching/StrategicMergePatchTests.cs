using System.Text.Json.Nodes;
using GitOps.Testing.Patching;

namespace GitOps.Testing.Tests.Patching;

[TestFixture]
public sealed class StrategicMergePatchTests
{
    private const string Pod = """
        {"spec":{"containers":[
          {"name":"a","image":"a:1","ports":[{"containerPort":80,"name":"http"},{"containerPort":443}],"env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]},
          {"name":"b","image":"b:1"}],
         "volumes":[{"name":"v","emptyDir":{}}],"tolerations":[{"key":"t1"}]},
         "metadata":{"finalizers":["f1"],"labels":{"l1":"a","l2":"b"}}}
        """;

    private static JsonObject Apply(string patch) => StrategicMergePatch.Apply((JsonObject)JsonNode.Parse(Pod)!, JsonNode.Parse(patch));

    private static JsonArray Containers(JsonObject obj) => obj["spec"]!["containers"]!.AsArray();

    [Test]
    public void Apply_ContainerByName_MergesIntoTheMatchingItem()
    {
        var result = Apply("""{"spec":{"containers":[{"name":"b","image":"b:2"}]}}""");

        Assert.Multiple(() =>
        {
            Assert.That(Containers(result).Select(c => (string?)c!["image"]), Is.EqualTo(new[] { "a:1", "b:2" }));
            Assert.That(result["spec"]!["volumes"]!.AsArray(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Apply_NewKey_AppendsItem()
    {
        var result = Apply("""{"spec":{"containers":[{"name":"c","image":"c:1"}]}}""");

        Assert.That(Containers(result).Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void Apply_NestedListsUseTheirOwnKeys()
    {
        var result = Apply("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":443,"name":"https"}],"env":[{"name":"Y","value":"3"}]}]}}""");
        var a = Containers(result)[0]!;

        Assert.Multiple(() =>
        {
            Assert.That(a["ports"]!.AsArray().Select(p => (string?)p!["name"]), Is.EqualTo(new[] { "http", "https" }));
            Assert.That(a["env"]!.AsArray().Select(e => (string?)e!["value"]), Is.EqualTo(new[] { "1", "3" }));
        });
    }

    [Test]
    public void Apply_PatchDeleteDirective_RemovesTheKeyedItem()
    {
        var result = Apply("""{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}""");

        Assert.That(Containers(result).Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Apply_PatchReplaceDirectiveInList_ReplacesTheList()
    {
        var result = Apply("""{"spec":{"containers":[{"name":"z","image":"z"},{"$patch":"replace"}]}}""");

        Assert.That(Containers(result).Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "z" }));
    }

    [Test]
    public void Apply_PatchReplaceDirectiveInMap_ReplacesTheMap()
    {
        var result = Apply("""{"metadata":{"labels":{"l3":"c","$patch":"replace"}}}""");

        Assert.That(result["metadata"]!["labels"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "l3" }));
    }

    [Test]
    public void Apply_ListWithoutMergeKey_IsReplaced()
    {
        var result = Apply("""{"spec":{"tolerations":[{"key":"t2"}]}}""");

        Assert.That(result["spec"]!["tolerations"]!.AsArray().Select(t => (string?)t!["key"]), Is.EqualTo(new[] { "t2" }));
    }

    [Test]
    public void Apply_Finalizers_MergeAsSetAndDeleteFromPrimitiveList()
    {
        var added = Apply("""{"metadata":{"finalizers":["f2","f1"]}}""");
        var removed = Apply("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["f1"]}}""");

        Assert.Multiple(() =>
        {
            Assert.That(added["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f), Is.EqualTo(new[] { "f1", "f2" }));
            Assert.That(removed["metadata"]!["finalizers"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public void Apply_NullAndSetElementOrderAndRetainKeys_AreHonoured()
    {
        var result = Apply("""{"metadata":{"labels":{"l1":null}},"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"volumes":[{"name":"v","$retainKeys":["name","configMap"],"configMap":{"name":"cm"}}]}}""");
        var volume = result["spec"]!["volumes"]![0]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That(result["metadata"]!["labels"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "l2" }));
            Assert.That(volume.Select(p => p.Key), Is.EquivalentTo(new[] { "name", "configMap" }), "retainKeys drops emptyDir");
            Assert.That(result["spec"]!.AsObject().Any(p => p.Key.StartsWith('$')), Is.False);
        });
    }

    [Test]
    public void Apply_ItemWithoutMergeKey_IsBadRequest()
    {
        var error = Assert.Throws<GitOps.Testing.Api.ApiException>(() => Apply("""{"spec":{"containers":[{"image":"x"}]}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(400));
            Assert.That(error.Message, Does.Contain("does not contain declared merge key: name"));
        });
    }
}
