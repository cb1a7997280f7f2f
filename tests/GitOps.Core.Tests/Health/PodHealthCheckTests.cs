using GitOps.Health;

namespace GitOps.Tests.Health;

public sealed class PodHealthCheckTests
{
    private static string Pod(string status, string restartPolicy = "Always", string annotations = "{}") => $$"""
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": { "name": "api-7c9d-x2x4k", "namespace": "shop", "annotations": {{annotations}} },
          "spec": { "restartPolicy": "{{restartPolicy}}",
                    "containers": [ { "name": "api", "image": "registry.example/api:1.4.2" } ] },
          "status": {{status}}
        }
        """;

    private const string NotReady = """
        "conditions": [ { "type": "Initialized", "status": "True" },
                        { "type": "Ready", "status": "False", "reason": "ContainersNotReady" },
                        { "type": "PodScheduled", "status": "True" } ]
        """;

    [Test]
    public void Assess_CrashLoopBackOff_DegradedWithWaitingMessage()
    {
        var health = LiveObject.AssessNotNull(Pod($$"""
            { "phase": "Running", {{NotReady}},
              "containerStatuses": [ { "name": "api", "ready": false, "restartCount": 6,
                "state": { "waiting": { "reason": "CrashLoopBackOff",
                  "message": "back-off 2m40s restarting failed container=api pod=api-7c9d-x2x4k_shop" } },
                "lastState": { "terminated": { "exitCode": 1, "reason": "Error" } } } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.StartWith("back-off 2m40s"));
    }

    [Test]
    public void Assess_ImagePullBackOff_Degraded()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Pending",
              "containerStatuses": [ { "name": "api", "ready": false, "restartCount": 0,
                "state": { "waiting": { "reason": "ImagePullBackOff",
                  "message": "Back-off pulling image \"registry.example/api:1.4.3\"" } } } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.Contain("Back-off pulling image"));
    }

    [TestCase("ErrImagePull")]
    [TestCase("CreateContainerConfigError")]
    [TestCase("InvalidImageNameError")]
    public void Assess_WaitingOnErrorReasonWithoutMessage_DegradedNamingContainerAndReason(string reason)
    {
        var health = LiveObject.AssessNotNull(Pod($$"""
            { "phase": "Pending",
              "containerStatuses": [ { "name": "api", "state": { "waiting": { "reason": "{{reason}}" } } } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.Contain("\"api\"").And.Contain(reason));
    }

    [Test]
    public void Assess_TwoContainersInError_MessagesJoined()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Running",
              "containerStatuses": [
                { "name": "api", "state": { "waiting": { "reason": "CrashLoopBackOff", "message": "first" } } },
                { "name": "sidecar", "state": { "waiting": { "reason": "ErrImagePull", "message": "second" } } } ] }
            """));

        Assert.That(health.Message, Is.EqualTo("first, second"));
    }

    [Test]
    public void Assess_ContainerCreating_PendingIsProgressing()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Pending",
              "containerStatuses": [ { "name": "api", "state": { "waiting": { "reason": "ContainerCreating" } } } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_OomKilled_DegradedOOMKilled()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Failed",
              "containerStatuses": [ { "name": "api", "ready": false,
                "state": { "terminated": { "exitCode": 137, "reason": "OOMKilled" } } } ] }
            """, restartPolicy: "Never"));

        HealthAssert.That(health, HealthStatusCode.Degraded, Is.EqualTo("OOMKilled"));
    }

    [Test]
    public void Assess_FailedInitContainerExitCode_DegradedNamingContainer()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Failed",
              "initContainerStatuses": [ { "name": "migrate",
                "state": { "terminated": { "exitCode": 3, "reason": "Error" } } } ],
              "containerStatuses": [ { "name": "api", "state": { "waiting": { "reason": "PodInitializing" } } } ] }
            """, restartPolicy: "Never"));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.Contain("\"migrate\"").And.Contain("exit code 3"));
    }

    [Test]
    public void Assess_FailedWithPodMessage_DegradedWithThatMessage()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Failed", "reason": "Evicted",
              "message": "The node was low on resource: memory. Threshold quantity: 100Mi, available: 91Mi." }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.StartWith("The node was low on resource"));
    }

    [Test]
    public void Assess_Succeeded_Healthy()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Succeeded",
              "containerStatuses": [ { "name": "api", "state": { "terminated": { "exitCode": 0, "reason": "Completed" } } } ] }
            """, restartPolicy: "Never"));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_RunningAndReady_Healthy()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Running",
              "conditions": [ { "type": "Ready", "status": "True" }, { "type": "ContainersReady", "status": "True" } ],
              "containerStatuses": [ { "name": "api", "ready": true, "started": true,
                "state": { "running": { "startedAt": "2026-11-26T09:00:00Z" } } } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_RunningNotReadyFirstStart_Progressing()
    {
        var health = LiveObject.AssessNotNull(Pod($$"""
            { "phase": "Running", {{NotReady}},
              "containerStatuses": [ { "name": "api", "ready": false, "restartCount": 0,
                "state": { "running": { "startedAt": "2026-11-26T09:00:00Z" } } } ] }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_RunningNotReadyAfterRestart_Degraded()
    {
        var health = LiveObject.AssessNotNull(Pod($$"""
            { "phase": "Running", {{NotReady}},
              "containerStatuses": [ { "name": "api", "ready": false, "restartCount": 2,
                "state": { "running": { "startedAt": "2026-11-26T09:05:00Z" } },
                "lastState": { "terminated": { "exitCode": 137, "reason": "OOMKilled" } } } ] }
            """));

        HealthAssert.That(health, HealthStatusCode.Degraded, Does.Contain("OOMKilled"));
    }

    [Test]
    public void Assess_RestartNeverInBackOff_NotDegradedBecauseHooksMustNotFailEarly()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Running",
              "containerStatuses": [ { "name": "api", "state": { "waiting": { "reason": "CrashLoopBackOff" } } } ] }
            """, restartPolicy: "Never"));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_IgnoreRestartPolicyOnPlainPod_AssessedAsLongRunning()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Running", "conditions": [ { "type": "Ready", "status": "True" } ] }
            """, restartPolicy: "OnFailure", annotations: """{ "argocd.argoproj.io/ignore-restart-policy": "true" }"""));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_IgnoreRestartPolicyOnHook_StillProgressing()
    {
        var health = LiveObject.AssessNotNull(Pod("""
            { "phase": "Running", "conditions": [ { "type": "Ready", "status": "True" } ] }
            """, restartPolicy: "OnFailure", annotations: """
            { "argocd.argoproj.io/ignore-restart-policy": "true", "argocd.argoproj.io/hook": "PreSync" }
            """));

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }

    [Test]
    public void Assess_PhaseUnknown_Unknown()
    {
        var health = LiveObject.AssessNotNull(Pod("""{ "phase": "Unknown", "message": "node unreachable" }"""));

        HealthAssert.That(health, HealthStatusCode.Unknown, Is.EqualTo("node unreachable"));
    }

    [Test]
    public void Assess_NoRestartPolicy_DefaultsToAlways()
    {
        var json = Pod("""{ "phase": "Running", "conditions": [ { "type": "Ready", "status": "True" } ] }""")
            .Replace("\"restartPolicy\": \"Always\",", string.Empty, StringComparison.Ordinal);

        Assert.That(LiveObject.AssessNotNull(json).Status, Is.EqualTo(HealthStatusCode.Healthy));
    }

    [Test]
    public void Assess_MalformedContainerState_IgnoredRatherThanFailing()
    {
        var health = LiveObject.AssessNotNull("""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "p" },
              "status": { "phase": "Pending", "containerStatuses": [ { "name": "api", "state": "waiting" }, 7 ] } }
            """);

        Assert.That(health.Status, Is.EqualTo(HealthStatusCode.Progressing));
    }
}
