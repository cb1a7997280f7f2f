using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitOps.Applications;
using GitOps.Applications.SyncWindows;
using GitOps.Comparison;
using GitOps.Diagnostics;
using GitOps.Diff;
using GitOps.Health;
using GitOps.Manifests;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Reconcile;

/// <summary>
/// Reconciles one application at a time: resolves its revision, renders (reusing the last render while the revision
/// and specification are unchanged), compares with the cluster, publishes status and, when the sync policy is automated,
/// syncs. Thread-safe; runs at most one operation per application at a time.
/// </summary>
public sealed partial class ApplicationReconciler
{
    private static readonly JsonSerializerOptions HashOptions = new() { WriteIndented = false };

    private readonly ISourceResolver _sources;
    private readonly IManifestRenderService _renderer;
    private readonly IStateComparer _comparer;
    private readonly ISyncEngine _engine;
    private readonly ISyncHistoryStore _history;
    private readonly IApplicationStatusStore _statuses;
    private readonly IReadOnlyList<IRendererOptionsMapper> _mappers;
    private readonly ReconcilerOptions _options;
    private readonly SyncWindowEvaluator _windows;
    private readonly ILogger<ApplicationReconciler> _logger;
    private readonly TimeProvider _time;
    private readonly IChartVersionResolver? _charts;
    private readonly ConcurrentDictionary<string, AppState> _states = new(StringComparer.Ordinal);

    /// <summary>Creates a reconciler.</summary>
    /// <param name="sources">Opens application sources.</param>
    /// <param name="renderer">Renders manifests.</param>
    /// <param name="comparer">Compares desired and live state.</param>
    /// <param name="engine">Runs syncs.</param>
    /// <param name="history">The deployment history.</param>
    /// <param name="statuses">Where status is published.</param>
    /// <param name="mappers">Map application sources to renderer options.</param>
    /// <param name="options">Settings.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="time">The clock.</param>
    /// <param name="charts">Resolves chart version ranges to versions; without it a range is rendered at every refresh.</param>
    public ApplicationReconciler(
        ISourceResolver sources, IManifestRenderService renderer, IStateComparer comparer, ISyncEngine engine, ISyncHistoryStore history,
        IApplicationStatusStore statuses, IEnumerable<IRendererOptionsMapper> mappers, IOptions<ReconcilerOptions> options,
        ILogger<ApplicationReconciler> logger, TimeProvider time, IChartVersionResolver? charts = null)
    {
        _charts = charts;
        ArgumentNullException.ThrowIfNull(options);
        _sources = sources;
        _renderer = renderer;
        _comparer = comparer;
        _engine = engine;
        _history = history;
        _statuses = statuses;
        _mappers = [.. mappers];
        _options = options.Value;
        _logger = logger;
        _time = time;
        _windows = new SyncWindowEvaluator(_options.SyncWindows, time);
    }

    /// <summary>The name resources of an application are tracked by: its name, or <c>namespace_name</c> when it has a namespace.</summary>
    /// <param name="application">The application.</param>
    /// <returns>The tracking name.</returns>
    public static string TrackingName(Application application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.Metadata.Namespace.Length == 0 ? application.Name : $"{application.Metadata.Namespace}_{application.Name}";
    }

    /// <summary>Reconciles an application once.</summary>
    /// <param name="application">The application.</param>
    /// <param name="context">The cluster and refresh mode.</param>
    /// <param name="cancellationToken">Cancels the reconcile.</param>
    /// <returns>The outcome; its status is also saved to the status store.</returns>
    public async Task<ReconcileResult> ReconcileAsync(Application application, ReconcileContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(context);
        using var activity = GitOpsTelemetry.ActivitySource.StartActivity("gitops.reconcile");
        activity?.SetTag("gitops.application", application.QualifiedName);
        var started = _time.GetTimestamp();
        try
        {
            var result = await RefreshAsync(application, context, cancellationToken).ConfigureAwait(false);
            if (result.PendingSync is { } pending && !context.DeferSync)
            {
                var operation = await SyncAsync(pending, context, cancellationToken).ConfigureAwait(false);
                if (operation is not null)
                {
                    // Compared by listing: a watched cache may not have seen the sync's writes yet, and the status
                    // returned here must be the state after the sync. (The loop's later refreshes use the cache; its
                    // watch events bring them about.)
                    var after = await RefreshAsync(application, context with { Hard = false, LiveState = null }, cancellationToken).ConfigureAwait(false);
                    result = after with { Rendered = result.Rendered, Synced = true, PendingSync = null };
                }
            }

            activity?.SetTag("gitops.sync_status", result.Status.SyncStatus.ToString());
            activity?.SetStatus(result.Status.Conditions.Any(c => c.IsError) ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
            return result;
        }
        finally
        {
            GitOpsTelemetry.ReconcileDuration.Record(_time.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Runs a sync a reconcile decided on. Returns null without syncing when another operation of the application is running.</summary>
    /// <param name="pending">The sync.</param>
    /// <param name="context">The cluster.</param>
    /// <param name="cancellationToken">Cancels the sync.</param>
    /// <returns>The operation's final state, or null when skipped.</returns>
    public async Task<OperationState?> SyncAsync(PendingSync pending, ReconcileContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(context);
        var state = StateOf(pending.Application);
        if (!await state.Operation.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            LogOperationBusy(_logger, pending.Application.QualifiedName);
            return null;
        }

        try
        {
            LogSyncing(_logger, pending.Application.QualifiedName, pending.Request.Revision, pending.SelfHeal);
            var operation = await _engine.SyncAsync(context.Cluster, pending.Request with { LiveState = context.LiveState }, cancellationToken).ConfigureAwait(false);
            lock (state)
            {
                var key = (pending.Request.Revision, pending.SpecHash);
                state.FailedAttempts = operation.Phase == OperationPhase.Succeeded ? 0 : state.AttemptKey == key ? state.FailedAttempts + 1 : 1;
                state.AttemptKey = key;
                state.AttemptFinishedAt = _time.GetUtcNow();
                state.LastOperation = operation;
                // As in Argo CD, the self-heal backoff grows with each self-heal and starts over with a sync of a new revision or spec.
                if (pending.SelfHeal)
                {
                    state.SelfHealAttempts++;
                }
                else
                {
                    state.SelfHealAttempts = 0;
                }
            }

            GitOpsTelemetry.AutomatedSyncs.Add(1, new KeyValuePair<string, object?>("result", operation.Phase.ToString()), new KeyValuePair<string, object?>("selfHeal", pending.SelfHeal));
            LogSynced(_logger, pending.Application.QualifiedName, operation.Revision, operation.Phase, operation.Message);
            return operation;
        }
        finally
        {
            state.Operation.Release();
        }
    }

    /// <summary>Resumes the application's sync operation left Running (by a crash or restart), if any.</summary>
    /// <param name="application">The application.</param>
    /// <param name="context">The cluster.</param>
    /// <param name="stored">The stored operation state of the application (from <see cref="ISyncStateStore"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The resumed operation's final state, or null when there was nothing to resume.</returns>
    public async Task<OperationState?> ResumeAsync(Application application, ReconcileContext context, OperationState? stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(context);
        if (stored is not { Phase: OperationPhase.Running })
        {
            return null;
        }

        var state = StateOf(application);
        await state.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Render the revision the interrupted operation was syncing, not whatever the branch points at now.
            var pinned = PinRevision(application, stored.Revision);
            var (revision, objects, _) = await RenderAsync(pinned, hard: false, cancellationToken).ConfigureAwait(false);
            var request = NewSyncRequest(application, revision, objects);
            var operation = await _engine.ResumeAsync(context.Cluster, request, cancellationToken).ConfigureAwait(false);
            lock (state)
            {
                state.LastOperation = operation;
                state.AttemptKey = (revision, SpecHash(application));
                state.AttemptFinishedAt = _time.GetUtcNow();
                state.FailedAttempts = operation.Phase == OperationPhase.Succeeded ? 0 : 1;
            }

            return operation;
        }
        finally
        {
            state.Operation.Release();
        }
    }

    /// <summary>
    /// Rolls an application back to a history entry: renders exactly that entry's revision and syncs it, recording a new
    /// history entry. As in Argo CD, refused while automated sync is on (it would move the application forward again).
    /// </summary>
    /// <param name="application">The application.</param>
    /// <param name="historyId">The history entry's id.</param>
    /// <param name="context">The cluster.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operation's final state.</returns>
    /// <exception cref="InvalidOperationException">Automated sync is on, the entry does not exist, or another operation is running.</exception>
    public async Task<OperationState> RollbackAsync(Application application, long historyId, ReconcileContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(context);
        if (application.Spec.SyncPolicy?.Automated is { Enabled: true })
        {
            throw new InvalidOperationException($"Application {application.QualifiedName} has automated sync on; turn it off before rolling back.");
        }

        var history = await _history.ListAsync(TrackingName(application), cancellationToken).ConfigureAwait(false);
        var entry = history.FirstOrDefault(e => e.Id == historyId)
            ?? throw new InvalidOperationException(
                $"Application {application.QualifiedName} has no history entry {historyId}; it has {(history.Count == 0 ? "none" : string.Join(", ", history.Select(e => e.Id)))}.");

        return await RunOperationAsync(application, PinRevision(application, entry.Revision), context, adjust: null, cancellationToken).ConfigureAwait(false);
    }

    private static Application PinRevision(Application application, string revision) => application with
    {
        Spec = application.Spec with
        {
            Source = application.Spec.Source is { } single ? single with { TargetRevision = revision } : null,
            Sources = [.. application.Spec.Sources.Select(s => s with { TargetRevision = revision })],
        },
    };

    /// <summary>Forgets what the reconciler remembers of an application (its last render and sync attempts).</summary>
    /// <param name="application">The qualified application name.</param>
    public void Forget(string application) => _states.TryRemove(application, out _);

    private AppState StateOf(Application application) => _states.GetOrAdd(application.QualifiedName, _ => new AppState());

    private async Task<ReconcileResult> RefreshAsync(Application application, ReconcileContext context, CancellationToken cancellationToken)
    {
        var state = StateOf(application);
        var now = _time.GetUtcNow();
        var conditions = new List<ApplicationCondition>();
        var specHash = SpecHash(application);
        string revision;
        IReadOnlyList<ManifestObject> objects;
        var rendered = false;
        try
        {
            var trees = await OpenAsync(application, cancellationToken).ConfigureAwait(false);
            revision = RevisionOf(trees);
            lock (state)
            {
                objects = state.Objects!;
            }

            // Same commit and spec as last time: the render would give the same objects, so skip it altogether.
            var reuse = !context.Hard && state.Objects is not null && state.Revision == revision && state.SpecHash == specHash && trees.All(t => t.Tree.Revision is not null);
            if (!reuse)
            {
                objects = await RenderAsync(application, trees, context.Hard, conditions, cancellationToken).ConfigureAwait(false);
                rendered = true;
                lock (state)
                {
                    state.Revision = revision;
                    state.SpecHash = specHash;
                    state.Objects = objects;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(_logger, application.QualifiedName, "render", e.Message);
            conditions.Add(new ApplicationCondition(ApplicationConditionTypes.ComparisonError, $"rendering failed: {e.Message}", now));
            return new ReconcileResult { Status = await PublishAsync(application, state, null, null, conditions, cancellationToken).ConfigureAwait(false), Rendered = true };
        }

        ComparisonResult comparison;
        try
        {
            comparison = await CompareObjectsAsync(application, objects, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(_logger, application.QualifiedName, "compare", e.Message);
            conditions.Add(new ApplicationCondition(ApplicationConditionTypes.ComparisonError, $"comparison failed: {e.Message}", now));
            return new ReconcileResult { Status = await PublishAsync(application, state, revision, null, conditions, cancellationToken).ConfigureAwait(false), Rendered = rendered };
        }

        conditions.AddRange(comparison.Warnings.Select(w => new ApplicationCondition("ComparisonWarning", w, now)));
        var (pending, requeueAt) = await DecideAsync(application, state, revision, specHash, objects, comparison, conditions, cancellationToken).ConfigureAwait(false);
        var status = await PublishAsync(application, state, revision, comparison, conditions, cancellationToken).ConfigureAwait(false);
        return new ReconcileResult { Status = status, Rendered = rendered, PendingSync = pending, RequeueAt = requeueAt };
    }

    private Task<ComparisonResult> CompareObjectsAsync(Application application, IReadOnlyList<ManifestObject> objects, ReconcileContext context, CancellationToken cancellationToken) =>
        _comparer.CompareAsync(context.Cluster, new ComparisonRequest
        {
            ApplicationName = TrackingName(application),
            Desired = [.. objects.Select(o => o.DeepClone())],
            DestinationNamespace = DestinationNamespace(application),
            DiffOptions = new DiffOptions { IgnoreDifferences = application.Spec.IgnoreDifferences },
            LiveState = context.LiveState,
            FieldManager = _options.SyncDefaults.FieldManager,
            SkipDryRunCache = context.Hard,
        }, cancellationToken);

    private async Task<(PendingSync? Pending, DateTimeOffset? RequeueAt)> DecideAsync(
        Application application, AppState state, string revision, string specHash, IReadOnlyList<ManifestObject> objects,
        ComparisonResult comparison, List<ApplicationCondition> conditions, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var policy = application.Spec.SyncPolicy;
        if (comparison.SyncStatus != ApplicationSyncStatus.OutOfSync || policy is not { IsAutomated: true, Automated: { } automated })
        {
            return (null, null);
        }

        bool selfHeal;
        lock (state)
        {
            var key = (revision, specHash);
            if (state.AttemptKey != key)
            {
                selfHeal = false;
            }
            else if (state.FailedAttempts > 0)
            {
                // The last automated attempt at this revision failed: only the retry policy may try again.
                var delay = policy.Retry?.GetDelay(state.FailedAttempts);
                if (delay is null)
                {
                    conditions.Add(new ApplicationCondition(ApplicationConditionTypes.SyncError,
                        $"automated sync to {revision} failed {state.FailedAttempts} time(s) and the retry policy allows no more: {state.LastOperation?.Message}", now));
                    return (null, null);
                }

                var due = state.AttemptFinishedAt + delay.Value;
                if (due > now)
                {
                    return (null, due);
                }

                selfHeal = false;
            }
            else if (!automated.SelfHeal)
            {
                conditions.Add(new ApplicationCondition(ApplicationConditionTypes.DriftWarning,
                    $"live state drifted from {revision}, which was synced; self-heal is off, so the drift is only reported", now));
                return (null, null);
            }
            else
            {
                var due = state.AttemptFinishedAt + _options.SelfHealDelay(state.SelfHealAttempts);
                if (due > now)
                {
                    return (null, due);
                }

                selfHeal = true;
            }
        }

        if (objects.Count == 0 && !automated.AllowEmpty && comparison.Resources.Any(r => r.Live is not null))
        {
            conditions.Add(new ApplicationCondition(ApplicationConditionTypes.SyncError,
                "automated sync refused: the rendered manifests are empty and syncing would prune every resource; set spec.syncPolicy.automated.allowEmpty to allow it", now));
            return (null, null);
        }

        var window = _windows.Evaluate(application, now);
        if (!window.AutomatedSyncAllowed)
        {
            conditions.Add(new ApplicationCondition(ApplicationConditionTypes.SyncBlockedWarning,
                "automated sync is blocked by a sync window" + (window.NextAutomatedSyncAllowedAt is { } next ? $" until {next:u}" : string.Empty), now));
            return (null, window.NextAutomatedSyncAllowedAt);
        }

        foreach (var reference in application.Spec.DependsOn)
        {
            var dependency = reference.WithDefaultNamespace(application.Metadata.Namespace);
            var name = string.IsNullOrEmpty(dependency.Namespace) ? dependency.Name : $"{dependency.Namespace}/{dependency.Name}";
            var status = await _statuses.GetAsync(name, cancellationToken).ConfigureAwait(false);
            if (status is not { SyncStatus: ApplicationSyncStatus.Synced, Health.Status: HealthStatusCode.Healthy })
            {
                conditions.Add(new ApplicationCondition(ApplicationConditionTypes.SyncBlockedWarning,
                    $"automated sync waits for application {name} to be Synced and Healthy (it is {status?.SyncStatus.ToString() ?? "not reconciled"}/{status?.Health.Status.ToString() ?? "Unknown"})", now));
                return (null, null);
            }
        }

        return (new PendingSync { Application = application, Request = NewSyncRequest(application, revision, objects), SelfHeal = selfHeal, SpecHash = specHash }, null);
    }

    private SyncRequest NewSyncRequest(Application application, string revision, IReadOnlyList<ManifestObject> objects)
    {
        var options = ApplicationSyncOptions.From(application, _options.SyncDefaults);
        return new SyncRequest
        {
            ApplicationName = TrackingName(application),
            Revision = revision,
            Desired = [.. objects.Select(o => o.DeepClone())],
            DestinationNamespace = DestinationNamespace(application),
            Options = options.Options with { RespectIgnoreDifferences = options.RespectIgnoreDifferences },
            DiffOptions = new DiffOptions { IgnoreDifferences = application.Spec.IgnoreDifferences },
            RevisionHistoryLimit = application.Spec.RevisionHistoryLimit,
            Source = string.Join(",", application.Spec.EffectiveSources.Select(s => s.RepoUrl)),
        };
    }

    private async Task<ApplicationStatus> PublishAsync(
        Application application, AppState state, string? revision, ComparisonResult? comparison, List<ApplicationCondition> conditions, CancellationToken cancellationToken)
    {
        OperationState? operation;
        lock (state)
        {
            operation = state.LastOperation;
        }

        if (operation is { Phase: OperationPhase.Failed or OperationPhase.Error } failed && conditions.All(c => c.Type != ApplicationConditionTypes.SyncError))
        {
            conditions.Add(new ApplicationCondition(ApplicationConditionTypes.SyncError, $"the last sync to {failed.Revision} ended {failed.Phase}: {failed.Message}", _time.GetUtcNow()));
        }

        var history = await _history.ListAsync(TrackingName(application), cancellationToken).ConfigureAwait(false);
        var status = new ApplicationStatus
        {
            Application = application.QualifiedName,
            SyncStatus = comparison?.SyncStatus ?? ApplicationSyncStatus.Unknown,
            Health = comparison?.Health.Health ?? HealthStatus.Unknown(),
            Revision = revision,
            ReconciledAt = _time.GetUtcNow(),
            Resources = comparison is null ? [] : [.. comparison.Resources.Select(r => new ApplicationResourceStatus(r.Key, r.ApiVersion, r.Status, r.Health, r.Message))],
            Conditions = conditions,
            Operation = operation,
            History = history,
        };
        await _statuses.SaveAsync(status, cancellationToken).ConfigureAwait(false);
        LogReconciled(_logger, application.QualifiedName, status.SyncStatus, status.Health.Status, revision ?? "(unresolved)");
        return status;
    }

    // The revision a render is of: each source's commit; a chart from a chart repository is named by its version; a
    // local folder has none.
    private static string RevisionOf(IEnumerable<(ApplicationSource Source, ISourceTree Tree)> trees) =>
        string.Join(",", trees.Select(t => t.Tree.Revision ?? (t.Source.Chart is null ? "(local)" : t.Source.TargetRevision)));

    private async Task<List<(ApplicationSource Source, ISourceTree Tree)>> OpenAsync(Application application, CancellationToken cancellationToken)
    {
        var sources = application.Spec.EffectiveSources.Where(s => !s.IsRefOnly).ToList();
        if (sources.Count == 0)
        {
            throw new ArgumentException($"{application} has no source to render (spec.source or spec.sources)");
        }

        var trees = new List<(ApplicationSource, ISourceTree)>();
        foreach (var source in sources)
        {
            if (source.Chart is { } chart)
            {
                // A chart from a Helm chart repository is pulled by the renderer, not fetched from Git; a range is
                // resolved to the version it means now, which then is the revision.
                var exact = source;
                if (!ChartSourceTree.IsExactVersion(source.TargetRevision) &&
                    _charts is not null && await _charts.ResolveAsync(source.RepoUrl, chart, source.TargetRevision, cancellationToken).ConfigureAwait(false) is { } version)
                {
                    exact = source with { TargetRevision = version };
                }

                trees.Add((exact, ChartSourceTree.For(exact)));
                continue;
            }

            trees.Add((source, await _sources.OpenAsync(new SourceReference(source.RepoUrl, source.TargetRevision), cancellationToken).ConfigureAwait(false)));
        }

        return trees;
    }

    private async Task<(string Revision, IReadOnlyList<ManifestObject> Objects, bool Rendered)> RenderAsync(Application application, bool hard, CancellationToken cancellationToken)
    {
        var trees = await OpenAsync(application, cancellationToken).ConfigureAwait(false);
        var conditions = new List<ApplicationCondition>();
        var objects = await RenderAsync(application, trees, hard, conditions, cancellationToken).ConfigureAwait(false);
        return (RevisionOf(trees), objects, true);
    }

    private async Task<IReadOnlyList<ManifestObject>> RenderAsync(
        Application application, List<(ApplicationSource Source, ISourceTree Tree)> trees, bool hard, List<ApplicationCondition> conditions, CancellationToken cancellationToken)
    {
        var objects = new List<ManifestObject>();
        foreach (var (source, tree) in trees)
        {
            var result = await _renderer.RenderAsync(new RenderRequest
            {
                // A hard refresh hides the revision, which is what the render cache keys on, so the render runs afresh.
                Source = hard ? new UncachedSourceTree(tree) : tree,
                Path = source.Path,
                Options = _mappers.Select(m => m.Map(application, source)).FirstOrDefault(o => o is not null),
                Context = new RenderContext { ApplicationName = TrackingName(application), Namespace = DestinationNamespace(application) },
            }, cancellationToken).ConfigureAwait(false);
            conditions.AddRange(result.Diagnostics.Where(d => d.Severity == RenderDiagnosticSeverity.Warning).Select(d => new ApplicationCondition("RenderWarning", d.Message, _time.GetUtcNow())));
            objects.AddRange(result.Objects);
        }

        return objects;
    }

    private static string DestinationNamespace(Application application) =>
        application.Spec.Destination.Namespace.Length == 0 ? "default" : application.Spec.Destination.Namespace;

    private static string SpecHash(Application application)
    {
        var json = JsonSerializer.Serialize(new { application.Spec, application.Metadata.Annotations }, HashOptions);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled {Application}: {SyncStatus}/{Health} at {Revision}")]
    private static partial void LogReconciled(ILogger logger, string application, ApplicationSyncStatus syncStatus, HealthStatusCode health, string revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Application} failed to {Step}: {Error}")]
    private static partial void LogFailed(ILogger logger, string application, string step, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Automated sync of {Application} to {Revision} (self-heal: {SelfHeal})")]
    private static partial void LogSyncing(ILogger logger, string application, string revision, bool selfHeal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync of {Application} to {Revision} ended {Phase}: {Message}")]
    private static partial void LogSynced(ILogger logger, string application, string revision, OperationPhase phase, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped a sync of {Application}: another operation of it is running")]
    private static partial void LogOperationBusy(ILogger logger, string application);

    // What the reconciler remembers of one application between reconciles.
    private sealed class AppState
    {
        public SemaphoreSlim Operation { get; } = new(1, 1);

        public string? Revision { get; set; }

        public string? SpecHash { get; set; }

        public IReadOnlyList<ManifestObject>? Objects { get; set; }

        public (string Revision, string SpecHash)? AttemptKey { get; set; }

        public DateTimeOffset AttemptFinishedAt { get; set; }

        public int FailedAttempts { get; set; }

        public OperationState? LastOperation { get; set; }

        public int SelfHealAttempts { get; set; }
    }
}
