using GitOps.Sharding;

namespace GitOps.Tests.Sharding;

public sealed class RendezvousHashTests
{
    private static readonly string[] Apps = Enumerable.Range(0, 1000).Select(i => $"app-{i}").ToArray();

    [Test]
    public void Owner_MemberJoins_OnlyKeysItWinsMove()
    {
        string[] before = ["a", "b", "c"];
        string[] after = ["a", "b", "c", "d"];

        var moved = Apps.Where(app => RendezvousHash.Owner(app, before) != RendezvousHash.Owner(app, after)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(moved.All(app => RendezvousHash.Owner(app, after) == "d"), Is.True);
            Assert.That(moved.Count, Is.InRange(150, 350), "about a quarter of the keys move to the newcomer");
        });
    }

    [Test]
    public void Owner_OrderOfMembers_DoesNotMatter() =>
        Assert.That(Apps.Select(a => RendezvousHash.Owner(a, ["x", "y", "z"])), Is.EqualTo(Apps.Select(a => RendezvousHash.Owner(a, ["z", "x", "y"]))));

    [Test]
    public void Owner_NoMembers_Null() => Assert.That(RendezvousHash.Owner("a", []), Is.Null);
}
