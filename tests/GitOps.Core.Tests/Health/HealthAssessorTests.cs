using GitOps.Health;
using GitOps.Manifests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Tests.Health;

public sealed class HealthAssessorTests
{
    private const string ProgressingDeployment = """
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "web", "namespace": "shop", "generation": 2 },
          "spec": { "replicas": 3 },
          "status": { "observedGeneration": 2, "replicas": 3, "updatedReplicas": 1, "availableReplicas": 3 }
        }
        """;

    private const string Widget = """
        {
          "apiVersion": "example.com/v1", "kind": "Widget",
          "metadata": { "name": "w", "namespace": "shop", "generation": 1 },
          "status": { "observedGeneration": 1, "phase": "Broken" }
        }
        """;

    [Test]
    public void Assess_DeletionTimestamp_PendingDeletionBeforeAnyCheck()
    {
        var live = LiveObject.Parse(ProgressingDeployment);
        live.Metadata!["deletionTimestamp"] = "2026-11-26T09:30:00Z";
        var assessor = new HealthAssessor([new HealthCheckRegistration("apps", "Deployment", new FixedCheck(HealthStatus.Degraded("custom")))]);

        Assert.That(assessor.Assess(live), Is.EqualTo(HealthStatus.Progressing("Pending deletion")));
    }

    [Test]
    public void Assess_DeletionTimestampOnConfigMap_PendingDeletion()
    {
        var health = LiveObject.Assess("""
            { "apiVersion": "v1", "kind": "ConfigMap",
              "metadata": { "name": "c", "deletionTimestamp": "2026-11-26T09:30:00Z", "finalizers": ["example.com/keep"] } }
            """);

        Assert.That(health?.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_DeletionTimestampWithHookFinalizer_AssessedNormally()
    {
        var health = LiveObject.AssessNotNull("""
            { "apiVersion": "batch/v1", "kind": "Job",
              "metadata": { "name": "pre", "deletionTimestamp": "2026-11-26T09:30:00Z",
                            "finalizers": ["argocd.argoproj.io/hook-finalizer"] },
              "status": { "conditions": [ { "type": "Complete", "status": "True" } ] } }
            """);

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_CustomCheckForBuiltInKind_OverridesBuiltIn()
    {
        var assessor = new HealthAssessor([new HealthCheckRegistration("apps", "Deployment", new FixedCheck(HealthStatus.Healthy("custom")))]);

        Assert.That(assessor.Assess(LiveObject.Parse(ProgressingDeployment)), Is.EqualTo(HealthStatus.Healthy("custom")));
    }

    [Test]
    public void Assess_CustomCheckForOtherGroupSameKind_BuiltInStillApplies()
    {
        var assessor = new HealthAssessor([new HealthCheckRegistration("example.com", "Deployment", new FixedCheck(HealthStatus.Healthy("custom")))]);

        Assert.That(assessor.Assess(LiveObject.Parse(ProgressingDeployment))?.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_CustomCheckReturnsNull_FallsBackToBuiltIn()
    {
        var assessor = new HealthAssessor([new HealthCheckRegistration("apps", "Deployment", new FixedCheck(null))]);

        Assert.That(assessor.Assess(LiveObject.Parse(ProgressingDeployment))?.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_CustomCheckThrows_UnknownWithErrorMessage()
    {
        var assessor = new HealthAssessor([new HealthCheckRegistration("apps", "Deployment", new ThrowingCheck())]);

        Assert.That(assessor.Assess(LiveObject.Parse(ProgressingDeployment)),
            Is.EqualTo(HealthStatus.Unknown("replicas field is haunted")));
    }

    [Test]
    public void Assess_GroupWideCheck_AppliesToEveryKindOfGroupButExactKindWins()
    {
        var assessor = new HealthAssessor(
        [
            new HealthCheckRegistration("example.com", HealthCheckRegistration.AnyKind, new FixedCheck(HealthStatus.Degraded("group"))),
            new HealthCheckRegistration("example.com", "Gadget", new FixedCheck(HealthStatus.Healthy("kind"))),
        ]);
        var gadget = LiveObject.Parse(Widget);
        gadget.Kind = "Gadget";

        Assert.Multiple(() =>
        {
            Assert.That(assessor.Assess(LiveObject.Parse(Widget)), Is.EqualTo(HealthStatus.Degraded("group")));
            Assert.That(assessor.Assess(gadget), Is.EqualTo(HealthStatus.Healthy("kind")));
        });
    }

    [Test]
    public void Assess_SameKindRegisteredTwice_LastWins()
    {
        var assessor = new HealthAssessor(
        [
            new HealthCheckRegistration("example.com", "Widget", new FixedCheck(HealthStatus.Degraded("first"))),
            new HealthCheckRegistration("example.com", "Widget", new FixedCheck(HealthStatus.Suspended("second"))),
        ]);

        Assert.That(assessor.Assess(LiveObject.Parse(Widget)), Is.EqualTo(HealthStatus.Suspended("second")));
    }

    [Test]
    public void Assess_CustomCheckViaDependencyInjection_OverridesBuiltInAndGetsDependencies()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new DegradedMessage("blocked by policy"));
        services.AddGitOpsCore().AddHealthCheck<PolicyCheck>("apps", "Deployment");
        using var provider = services.BuildServiceProvider();

        var assessor = provider.GetRequiredService<IHealthAssessor>();

        Assert.That(assessor.Assess(LiveObject.Parse(ProgressingDeployment)), Is.EqualTo(HealthStatus.Degraded("blocked by policy")));
    }

    [Test]
    public void AddHealthCheck_Instance_UsedForCustomKind()
    {
        var services = new ServiceCollection();
        services.AddGitOpsCore().AddHealthCheck("example.com", "Widget", new FixedCheck(HealthStatus.Degraded("phase Broken")));
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IHealthAssessor>().Assess(LiveObject.Parse(Widget)),
            Is.EqualTo(HealthStatus.Degraded("phase Broken")));
    }

    [Test]
    public void AddGitOpsCore_CalledTwice_OneAssessorWithBuiltIns()
    {
        var services = new ServiceCollection();
        services.AddGitOpsCore();
        services.AddGitOpsCore();
        using var provider = services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(services.Count(d => d.ServiceType == typeof(IHealthAssessor)), Is.EqualTo(1));
            Assert.That(provider.GetRequiredService<IHealthAssessor>().Assess(LiveObject.Parse(ProgressingDeployment))?.Status,
                Is.EqualTo(HealthStatusCode.Progressing));
        });
    }

    [Test]
    public void AddHealthCheck_GroupWithVersion_ThrowsNamingTheGroup()
    {
        var builder = new ServiceCollection().AddGitOpsCore();

        Assert.That(() => builder.AddHealthCheck<PolicyCheck>("apps/v1", "Deployment"),
            Throws.ArgumentException.With.Message.Contains("'apps/v1'"));
    }

    [Test]
    public void AddHealthCheck_EmptyKind_Throws()
    {
        var builder = new ServiceCollection().AddGitOpsCore();

        Assert.That(() => builder.AddHealthCheck<PolicyCheck>("apps", ""), Throws.ArgumentException);
    }

    [Test]
    public void Assess_CoreGroupCustomCheck_MatchesApiVersionWithoutGroup()
    {
        var assessor = new HealthAssessor([new HealthCheckRegistration("", "ConfigMap", new FixedCheck(HealthStatus.Healthy("cm")))]);
        var configMap = LiveObject.Parse("""{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "c" } }""");

        Assert.That(assessor.Assess(configMap), Is.EqualTo(HealthStatus.Healthy("cm")));
    }

    [Test]
    public void Assess_MetadataNotAnObject_UnknownNamingTheField()
    {
        var health = LiveObject.AssessNotNull("""
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": "web", "spec": {}, "status": {} }
            """);

        HealthAssert.That(health, HealthStatusCode.Unknown, Does.Contain("metadata"));
    }

    [Test]
    public void Assess_EscapedKindInJson_StillFindsBuiltInCheck()
    {
        var json = ProgressingDeployment.Replace("\"Deployment\"", "\"Deploym\\u0065nt\"", StringComparison.Ordinal);

        Assert.That(LiveObject.AssessNotNull(json).Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_KindAndApiVersionSetInCode_StillFindsBuiltInCheck()
    {
        var live = LiveObject.Parse(ProgressingDeployment);
        live.ApiVersion = "apps/v1";
        live.Kind = "Deployment";

        Assert.That(HealthAssessor.Default.Assess(live)?.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_KindLongerThanStackBuffer_CustomCheckStillFound()
    {
        var kind = new string('K', 300);
        var assessor = new HealthAssessor([new HealthCheckRegistration("example.com", kind, new FixedCheck(HealthStatus.Healthy("long")))]);
        var widget = LiveObject.Parse(Widget.Replace("\"Widget\"", $"\"{kind}\"", StringComparison.Ordinal));

        Assert.That(assessor.Assess(widget), Is.EqualTo(HealthStatus.Healthy("long")));
    }

    [Test]
    public void Assess_CheckThrows_LogsWarningNamingCheckAndResource()
    {
        var logger = new CapturingLogger();
        var assessor = new HealthAssessor([new HealthCheckRegistration("apps", "Deployment", new ThrowingCheck())], logger);

        assessor.Assess(LiveObject.Parse(ProgressingDeployment));

        Assert.That(logger.Entries, Is.EqualTo(new[] { "Warning: Health check ThrowingCheck failed for Deployment shop/web" }));
    }

    private sealed class FixedCheck(HealthStatus? result) : IHealthCheck
    {
        public HealthStatus? Assess(ManifestObject live) => result;
    }

    private sealed class ThrowingCheck : IHealthCheck
    {
        public HealthStatus? Assess(ManifestObject live) => throw new InvalidOperationException("replicas field is haunted");
    }

    private sealed record DegradedMessage(string Text);

    private sealed class PolicyCheck(DegradedMessage message) : IHealthCheck
    {
        public HealthStatus? Assess(ManifestObject live) => HealthStatus.Degraded(message.Text);
    }

    private sealed class CapturingLogger : ILogger<HealthAssessor>
    {
        public List<string> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Entries.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
