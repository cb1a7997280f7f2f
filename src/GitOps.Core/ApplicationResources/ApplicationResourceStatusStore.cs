using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Reconcile;
using GitOps.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.ApplicationResources;

/// <summary>
/// An <see cref="IApplicationStatusStore"/> that keeps every status in memory and, for applications that come from
/// Application resources (tracked by <see cref="ApplicationResourceWatcher"/>), also writes it to the resource's
/// <c>status</c> subresource in Argo CD's shape. A write is made only when the status changed (a status differing only
/// in <c>reconciledAt</c> is written at most every <see cref="ApplicationResourceOptions.ReconciledAtInterval"/>),
/// conflicts and transient errors are retried, and a deleted or re-created resource is left alone. Changes of sync and
/// health status and operations are recorded as Kubernetes Events when a recorder is given.
/// </summary>
public sealed partial class ApplicationResourceStatusStore : IApplicationStatusStore
{
    private const int WriteAttempts = 3;
    private readonly ClusterClient _cluster;
    private readonly ApplicationResourceOptions _options;
    private readonly ApplicationEventRecorder? _events;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ApplicationStatus> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrackedApplication> _tracked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<ApplicationCondition>> _specWarnings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byTrackingName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _deleted = new(StringComparer.Ordinal);
    private volatile bool _noStatusSubresource;
    private long _writes;
    private long _skipped;

    /// <summary>Creates the store.</summary>
    /// <param name="cluster">The cluster holding the Application resources.</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="events">Records Events on the resources; none when null.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="time">The clock.</param>
    public ApplicationResourceStatusStore(
        ClusterClient cluster, ApplicationResourceOptions options, ApplicationEventRecorder? events = null,
        ILogger<ApplicationResourceStatusStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _cluster = cluster;
        _options = options;
        _events = events;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many status writes were sent to the cluster.</summary>
    public long StatusWrites => Interlocked.Read(ref _writes);

    /// <summary>How many statuses were not written because nothing but <c>reconciledAt</c> changed.</summary>
    public long UnchangedStatuses => Interlocked.Read(ref _skipped);

    /// <inheritdoc />
    public async Task SaveAsync(ApplicationStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (_deleted.ContainsKey(status.Application))
        {
            // A reconcile that was in flight when its resource was deleted.
            return;
        }

        if (_specWarnings.TryGetValue(status.Application, out var warnings) && warnings.Count > 0)
        {
            status = status with { Conditions = [.. status.Conditions, .. warnings] };
        }

        _statuses[status.Application] = status;
        if (_tracked.TryGetValue(status.Application, out var tracked))
        {
            await WriteAsync(tracked, live => ArgoCdStatus.Build(status, tracked.Spec, live), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<ApplicationStatus?> GetAsync(string application, CancellationToken cancellationToken = default) =>
        Task.FromResult(_statuses.GetValueOrDefault(application));

    /// <inheritdoc />
    public Task<IReadOnlyList<ApplicationStatus>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApplicationStatus>>([.. _statuses.Values]);

    /// <summary>Starts or keeps writing an application's status to its resource, as last seen in the cluster.</summary>
    internal void Track(ApiResource resource, ManifestObject live, IEnumerable<ApplicationDiagnostic> warnings)
    {
        var reference = ReferenceOf(live);
        var now = _time.GetUtcNow();
        _specWarnings[reference.QualifiedName] = [.. warnings.Select(w => new ApplicationCondition(
            ApplicationConditionTypes.SpecWarning, w.Field.Length == 0 ? w.Message : $"{w.Field}: {w.Message}", now))];
        var spec = live.Root["spec"] as JsonObject;
        var status = live.Root["status"] as JsonObject;
        _deleted.TryRemove(reference.QualifiedName, out _);
        _byTrackingName[TrackingName(reference)] = reference.QualifiedName;
        var tracked = _tracked.GetOrAdd(reference.QualifiedName, _ => new TrackedApplication(resource, reference, (JsonObject?)spec?.DeepClone(), (JsonObject?)status?.DeepClone()));
        tracked.Observe(reference, spec, status);
    }

    /// <summary>Stops writing an application's status (its resource was deleted) and forgets the status.</summary>
    internal void Untrack(string application)
    {
        _deleted[application] = 0;
        if (_tracked.TryRemove(application, out var tracked))
        {
            _byTrackingName.TryRemove(TrackingName(tracked.Reference), out _);
        }

        _specWarnings.TryRemove(application, out _);
        _statuses.TryRemove(application, out _);
    }

    internal ApplicationResourceReference? Find(string application) => _tracked.GetValueOrDefault(application)?.Reference;

    /// <summary>Writes the status of an application whose spec has errors, so it is not reconciled.</summary>
    internal async Task ReportInvalidAsync(string application, IReadOnlyList<ApplicationDiagnostic> errors, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var status = new ApplicationStatus
        {
            Application = application,
            ReconciledAt = now,
            Conditions = [.. errors.Select(e => new ApplicationCondition(ApplicationConditionTypes.InvalidSpecError, e.Field.Length == 0 ? e.Message : $"{e.Field}: {e.Message}", now))],
        };
        _specWarnings.TryRemove(application, out _);
        await SaveAsync(status, cancellationToken).ConfigureAwait(false);
        if (_events is not null && _tracked.TryGetValue(application, out var tracked))
        {
            await _events.RecordAsync(tracked.Reference, ApplicationEventRecorder.Warning, ApplicationEventReasons.InvalidSpec,
                string.Join("; ", status.Conditions.Select(c => c.Message)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sees an operation's state as the sync engine saves it: records its start and end, and shows it Running.</summary>
    internal async Task OnOperationAsync(OperationState operation, CancellationToken cancellationToken)
    {
        try
        {
            await ShowOperationAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e)
        {
            // Showing the operation is a courtesy; it must never fail the operation itself.
            LogWriteFailed(_logger, e, operation.ApplicationName);
        }
    }

    private async Task ShowOperationAsync(OperationState operation, CancellationToken cancellationToken)
    {
        if (operation.DryRun || !_byTrackingName.TryGetValue(operation.ApplicationName, out var name) || !_tracked.TryGetValue(name, out var tracked))
        {
            return;
        }

        if (operation.Phase == OperationPhase.Running)
        {
            if (tracked.RunningOperationId == operation.Id)
            {
                return;
            }

            tracked.RunningOperationId = operation.Id;
            await RecordAsync(tracked, ApplicationEventRecorder.Normal, ApplicationEventReasons.OperationStarted,
                $"Initiated sync to {operation.Revision}", cancellationToken).ConfigureAwait(false);
            await WriteOperationAsync(tracked, operation, cancellationToken).ConfigureAwait(false);
        }
        else if (tracked.CompletedOperationId != operation.Id)
        {
            tracked.CompletedOperationId = operation.Id;
            var succeeded = operation.Phase == OperationPhase.Succeeded;
            var outcome = operation.Phase switch
            {
                OperationPhase.Succeeded => "succeeded",
                OperationPhase.Failed => "failed",
                OperationPhase.Error => "errored",
                _ => "was terminated",
            };
            await RecordAsync(tracked, succeeded ? ApplicationEventRecorder.Normal : ApplicationEventRecorder.Warning, ApplicationEventReasons.OperationCompleted,
                $"Sync operation to {operation.Revision} {outcome}{(succeeded || operation.Message.Length == 0 ? string.Empty : ": " + operation.Message)}",
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static string TrackingName(ApplicationResourceReference reference) => $"{reference.Namespace}_{reference.Name}";

    private async Task WriteOperationAsync(TrackedApplication tracked, OperationState operation, CancellationToken cancellationToken)
    {
        await tracked.Writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var multiSource = tracked.Spec?["sources"] is JsonArray { Count: > 0 };
            var patch = new JsonObject { ["status"] = new JsonObject { ["operationState"] = ArgoCdStatus.Operation(operation, tracked.Spec, multiSource) } };
            await PatchAsync(tracked, "application/merge-patch+json", patch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            tracked.Writing.Release();
        }
    }

    private async Task WriteAsync(TrackedApplication tracked, Func<JsonObject?, JsonObject> build, CancellationToken cancellationToken)
    {
        List<(string Type, string Reason, string Message)> events;
        await tracked.Writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var live = tracked.LiveStatus;
            var next = build(live);
            if (ArgoCdStatus.SameIgnoringReconciledAt(next, live) && !ReconciledAtDue(live))
            {
                Interlocked.Increment(ref _skipped);
                ApplicationResourceMetrics.Write("unchanged");
                return;
            }

            events = Transitions(live, next);
            // Replace the whole status, but only on the object we know: a re-created one (another uid) fails the test.
            var patch = new JsonArray
            {
                new JsonObject { ["op"] = "test", ["path"] = "/metadata/uid", ["value"] = tracked.Reference.Uid },
                new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = next },
            };
            if (!await PatchAsync(tracked, "application/json-patch+json", patch, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        finally
        {
            tracked.Writing.Release();
        }

        foreach (var (type, reason, message) in events)
        {
            await RecordAsync(tracked, type, reason, message, cancellationToken).ConfigureAwait(false);
        }
    }

    // Sends a status patch; true when written. Callers hold tracked.Writing.
    private async Task<bool> PatchAsync(TrackedApplication tracked, string contentType, JsonNode patch, CancellationToken cancellationToken)
    {
        var reference = tracked.Reference;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Argo CD's own CRD declares no status subresource (its controller patches the object); ours may.
                var written = await _cluster.PatchAsync(tracked.Resource, reference.Namespace, reference.Name, contentType, patch,
                    fieldManager: _options.FieldManager, subresource: _noStatusSubresource ? null : "status", cancellationToken: cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _writes);
                ApplicationResourceMetrics.Write("written");
                tracked.Observe(ReferenceOf(written), null, written.Root["status"] as JsonObject);
                return true;
            }
            catch (KubernetesApiException e) when (e.IsNotFound || e.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                // Deleted, or (the uid test failed) deleted and re-created: the watcher tracks the new object.
                ManifestObject? current;
                try
                {
                    current = await _cluster.GetAsync(tracked.Resource, reference.Namespace, reference.Name, cancellationToken).ConfigureAwait(false);
                }
                catch (KubernetesApiException)
                {
                    LogWriteFailed(_logger, e, reference.QualifiedName);
                    return false;
                }

                if (current is not null && ReferenceOf(current).Uid == reference.Uid && e.IsNotFound && !_noStatusSubresource)
                {
                    LogNoStatusSubresource(_logger, tracked.Resource.Name);
                    _noStatusSubresource = true;
                    attempt--;
                    continue;
                }

                if (current is null || ReferenceOf(current).Uid != reference.Uid)
                {
                    LogGone(_logger, reference.QualifiedName);
                    _tracked.TryRemove(new KeyValuePair<string, TrackedApplication>(reference.QualifiedName, tracked));
                    return false;
                }

                LogWriteFailed(_logger, e, reference.QualifiedName);
                return false;
            }
            catch (KubernetesApiException e) when ((e.IsConflict || e.IsTransient) && attempt < WriteAttempts)
            {
                LogWriteRetried(_logger, reference.QualifiedName, attempt, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e)
            {
                // The next reconcile tries again: the live status we know is unchanged.
                ApplicationResourceMetrics.Write("failed");
                LogWriteFailed(_logger, e, reference.QualifiedName);
                return false;
            }
        }
    }

    private bool ReconciledAtDue(JsonObject? live) =>
        live?[ArgoCdStatus.ReconciledAt]?.GetValue<string>() is not { } text
        || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
        || _time.GetUtcNow() - at >= _options.ReconciledAtInterval;

    private static List<(string Type, string Reason, string Message)> Transitions(JsonObject? live, JsonObject next)
    {
        var events = new List<(string, string, string)>();
        foreach (var (field, what) in new[] { ("sync", "sync"), ("health", "health") })
        {
            var before = live?[field]?["status"]?.GetValue<string>();
            var after = next[field]?["status"]?.GetValue<string>();
            if (before is not null && after is not null && before != after)
            {
                events.Add((ApplicationEventRecorder.Normal, ApplicationEventReasons.ResourceUpdated, $"Updated {what} status: {before} -> {after}"));
            }
        }

        return events;
    }

    private async Task RecordAsync(TrackedApplication tracked, string type, string reason, string message, CancellationToken cancellationToken)
    {
        if (_events is not null)
        {
            await _events.RecordAsync(tracked.Reference, type, reason, message, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static ApplicationResourceReference ReferenceOf(ManifestObject manifest) => new(
        manifest.Namespace, manifest.Name,
        manifest.Metadata?["uid"]?.GetValue<string>() ?? string.Empty,
        manifest.Metadata?["resourceVersion"]?.GetValue<string>() ?? string.Empty);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} has no status subresource (as in Argo CD's CRD); status is patched on the object")]
    private static partial void LogNoStatusSubresource(ILogger logger, string resource);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Application {Application} is gone; its status is no longer written")]
    private static partial void LogGone(ILogger logger, string application);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the status of application {Application} failed; the next reconcile tries again")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string application);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Writing the status of application {Application} failed (attempt {Attempt}), retrying: {Error}")]
    private static partial void LogWriteRetried(ILogger logger, string application, int attempt, string error);
}
