using System.Text.Json.Nodes;
using GitOps.Manifests;
using GitOps.Manifests.Yaml;

namespace GitOps.Tests.Manifests.Yaml;

public sealed class YamlStringCacheTests
{
    [Test]
    public void Get_SameShortTextTwice_ReturnsOneInstance()
    {
        var cache = new YamlStringCache();
        var first = cache.Get("apiVersion: v1".AsSpan(0, 10));
        var second = cache.Get("  apiVersion".AsSpan(2));
        Assert.That(first, Is.EqualTo("apiVersion"));
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void Get_LongText_IsNotShared()
    {
        var cache = new YamlStringCache();
        var text = new string('x', 200);
        var first = cache.Get(text);
        var second = cache.Get(text);
        Assert.That(second, Is.EqualTo(text));
        Assert.That(second, Is.Not.SameAs(first));
    }

    [Test]
    public void Read_AliasedMapping_GivesIndependentCopies()
    {
        var reader = new ManifestReader(new ManifestReaderOptions { RequireObjectIdentity = false });
        var root = reader.Read("a: &x {b: 1}\nc: *x\nd: *x\n", "s.yaml")[0].Root;
        root["a"]!["b"] = 2;
        root["c"]!["b"] = 3;
        Assert.That(root.ToJsonString(), Is.EqualTo("""{"a":{"b":2},"c":{"b":3},"d":{"b":1}}"""));
        Assert.That(root["d"], Is.InstanceOf<JsonObject>());
    }
}
