using GitOps.Health.Checks;
using GitOps.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Health;

/// <summary>
/// Assesses the health of live objects. Order: an object with <c>metadata.deletionTimestamp</c> (and without Argo CD's
/// hook finalizer) is Progressing, "Pending deletion"; otherwise the custom check registered for the object's group and
/// kind (then one registered for the whole group), the built-in check for the kind, and the generic status conventions
/// decide, a custom check returning <see langword="null"/> falling through to the next. An exception thrown by a check
/// gives <see cref="HealthStatusCode.Unknown"/> with the exception's message.
/// </summary>
/// <remarks>
/// Built-in checks: Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Service, Ingress, PersistentVolumeClaim, Job,
/// CronJob, APIService, HorizontalPodAutoscaler and Argo Workflow, with Argo CD's rules. Thread-safe; the lookup
/// allocates nothing, the result's message may.
/// </remarks>
public sealed partial class HealthAssessor : IHealthAssessor
{
    private readonly HealthCheckTable _custom;
    private readonly ILogger _logger;

    /// <summary>Creates an assessor.</summary>
    /// <param name="customChecks">Checks that take precedence over the built-in ones; may be empty.</param>
    /// <param name="logger">Logs failing checks; optional.</param>
    public HealthAssessor(IEnumerable<HealthCheckRegistration> customChecks, ILogger<HealthAssessor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(customChecks);
        _custom = new HealthCheckTable(customChecks);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>An assessor with the built-in checks only.</summary>
    public static HealthAssessor Default { get; } = new([]);

    /// <inheritdoc />
    public HealthStatus? Assess(ManifestObject live)
    {
        ArgumentNullException.ThrowIfNull(live);
        IHealthCheck? check = null;
        try
        {
            if (JsonFields.Find(live.Metadata, "deletionTimestamp") is not null && !HealthAnnotations.HasHookFinalizer(live))
            {
                return HealthStatus.Progressing("Pending deletion");
            }

            // Decoded on the stack: reading them as strings would allocate on every call.
            Span<char> apiVersionBuffer = stackalloc char[128];
            Span<char> kindBuffer = stackalloc char[128];
            var apiVersion = JsonFields.Chars(live.Root["apiVersion"], apiVersionBuffer);
            var kind = JsonFields.Chars(live.Root["kind"], kindBuffer);
            if (!_custom.IsEmpty && _custom.Find(apiVersion, kind) is { } custom)
            {
                check = custom;
                if (custom.Assess(live) is { } health)
                {
                    return health;
                }
            }

            check = BuiltInHealthChecks.Table.Find(apiVersion, kind) ?? GenericHealthCheck.Instance;
            return check.Assess(live);
        }
#pragma warning disable CA1031 // A failing check of one object must not fail the whole assessment; it becomes Unknown.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogCheckFailed(_logger, check?.GetType().Name ?? nameof(HealthAssessor), live.ToString(), e);
            return HealthStatus.Unknown(e.Message);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Health check {Check} failed for {Resource}")]
    private static partial void LogCheckFailed(ILogger logger, string check, string resource, Exception exception);
}
