using GitOps.Manifests.Yaml;

namespace GitOps.Tests.Manifests.Yaml;

public sealed class YamlKeySetTests
{
    [Test]
    public void Add_RepeatedKeyAmongFew_IsRefused()
    {
        var keys = new YamlKeySet();
        Assert.That(keys.Add("a"), Is.True);
        Assert.That(keys.Add("b"), Is.True);
        Assert.That(keys.Add(new string('a', 1)), Is.False);
    }

    [TestCase(9)]
    [TestCase(40)]
    public void Add_RepeatedKeyAmongMany_IsRefusedWhereverItIs(int count)
    {
        for (var repeated = 0; repeated < count; repeated++)
        {
            var keys = new YamlKeySet();
            for (var i = 0; i < count; i++)
            {
                Assert.That(keys.Add($"k{i}"), Is.True);
            }

            Assert.That(keys.Add($"k{repeated}"), Is.False, $"k{repeated} of {count}");
        }
    }

    [Test]
    public void Clear_AfterManyKeys_ForgetsThemAll()
    {
        var keys = new YamlKeySet();
        for (var i = 0; i < 20; i++)
        {
            keys.Add($"k{i}");
        }

        keys.Clear();
        for (var i = 19; i >= 0; i--)
        {
            Assert.That(keys.Add($"k{i}"), Is.True);
        }

        Assert.That(keys.Add("k7"), Is.False);
    }
}
