using GitOps.Applications;

namespace GitOps.Tests.Applications;

public sealed class SyncAttemptRetryPolicyTests
{
    [Test]
    public void GetDelay_DefaultBackoff_DoublesFromFiveSeconds()
    {
        var policy = new SyncAttemptRetryPolicy { Limit = 5 };
        var delays = Enumerable.Range(1, 5).Select(n => policy.GetDelay(n)!.Value.TotalSeconds).ToList();
        Assert.That(delays, Is.EqualTo(new[] { 5.0, 10, 20, 40, 80 }));
    }

    [Test]
    public void GetDelay_BeyondLimit_ReturnsNull()
    {
        var policy = new SyncAttemptRetryPolicy { Limit = 2 };
        Assert.Multiple(() =>
        {
            Assert.That(policy.GetDelay(2), Is.Not.Null);
            Assert.That(policy.GetDelay(3), Is.Null);
        });
    }

    [Test]
    public void GetDelay_LimitZero_NeverRetries()
    {
        Assert.That(new SyncAttemptRetryPolicy().GetDelay(1), Is.Null);
    }

    [Test]
    public void GetDelay_Unlimited_CapsAtMaxDuration()
    {
        var policy = new SyncAttemptRetryPolicy { Limit = -1, MaxDuration = TimeSpan.FromMinutes(3) };
        Assert.Multiple(() =>
        {
            Assert.That(policy.IsUnlimited, Is.True);
            Assert.That(policy.GetDelay(6), Is.EqualTo(TimeSpan.FromSeconds(160)));
            Assert.That(policy.GetDelay(7), Is.EqualTo(TimeSpan.FromMinutes(3)));
            Assert.That(policy.GetDelay(100_000), Is.EqualTo(TimeSpan.FromMinutes(3)));
        });
    }

    [Test]
    public void GetDelay_ZeroAttempts_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncAttemptRetryPolicy().GetDelay(0));
    }
}
