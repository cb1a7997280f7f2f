using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class HealthStatusTests
{
    [TestCase(HealthStatusCode.Healthy, HealthStatusCode.Suspended)]
    [TestCase(HealthStatusCode.Suspended, HealthStatusCode.Progressing)]
    [TestCase(HealthStatusCode.Progressing, HealthStatusCode.Missing)]
    [TestCase(HealthStatusCode.Missing, HealthStatusCode.Degraded)]
    [TestCase(HealthStatusCode.Degraded, HealthStatusCode.Unknown)]
    public void IsWorse_NextInSeverityOrder_IsWorseAndNotTheReverse(HealthStatusCode better, HealthStatusCode worse)
    {
        Assert.Multiple(() =>
        {
            Assert.That(HealthStatus.IsWorse(better, worse), Is.True);
            Assert.That(HealthStatus.IsWorse(worse, better), Is.False);
            Assert.That(HealthStatus.IsWorse(worse, worse), Is.False);
        });
    }

    [Test]
    public void IsWorseThan_DegradedAgainstMissing_IsTrue()
    {
        Assert.That(HealthStatus.Degraded("x").IsWorseThan(HealthStatus.Missing()), Is.True);
    }

    [Test]
    public void Message_DefaultOrNull_IsEmpty()
    {
        Assert.Multiple(() =>
        {
            Assert.That(default(HealthStatus).Message, Is.Empty);
            Assert.That(new HealthStatus(HealthStatusCode.Degraded, null).Message, Is.Empty);
        });
    }

    [Test]
    public void Equals_DefaultAndHealthyWithoutMessage_Equal()
    {
        Assert.Multiple(() =>
        {
            Assert.That(default(HealthStatus), Is.EqualTo(HealthStatus.Healthy()));
            Assert.That(default(HealthStatus).GetHashCode(), Is.EqualTo(HealthStatus.Healthy().GetHashCode()));
            Assert.That(HealthStatus.Healthy("a"), Is.Not.EqualTo(HealthStatus.Healthy("b")));
        });
    }

    [Test]
    public void ToString_WithAndWithoutMessage_ShowsStatusAndMessage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(HealthStatus.Healthy().ToString(), Is.EqualTo("Healthy"));
            Assert.That(HealthStatus.Degraded("boom").ToString(), Is.EqualTo("Degraded: boom"));
        });
    }
}
