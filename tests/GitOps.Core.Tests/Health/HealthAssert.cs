using GitOps.Health;
using NUnit.Framework.Constraints;

namespace GitOps.Tests.Health;

/// <summary>Checks a health code and its message together, reporting both on failure.</summary>
internal static class HealthAssert
{
    public static void That(HealthStatus health, HealthStatusCode status, IResolveConstraint message)
    {
        Assert.Multiple(() =>
        {
            Assert.That(health.Status, Is.EqualTo(status));
            Assert.That(health.Message, message);
        });
    }
}
