using System.Collections.Concurrent;
using System.Threading.Channels;
using GitOps.Applications;
using GitOps.Applications.Webhooks;
using GitOps.Cluster;
using GitOps.Clusters;
using GitOps.Manifests;
using GitOps.Sharding;
using GitOps.Sync;
using GitOps.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Reconcile;

/// <summary>
/// Keeps a set of applications reconciled: polls each (with jitter), refreshes on request, on Git pushes and on
/// changes of their live objects, and runs their automated syncs, with separate limits for refreshes and operations.
/// Run it with <see cref="RunAsync"/>.
/// </summary>
public sealed partial class ReconcileLoop : IDisposable
{
    private readonly ApplicationReconciler _reconciler;
    private readonly IClusterRegistry _clusters;
    private readonly ISyncStateStore _syncStates;
    private readonly ReconcileLoopOptions _options;
    private readonly ShardCoordinator? _shards;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Application> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _again = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _operating = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApplicationStatus> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ResourceKey, string> _owners = new();
    private readonly Channel<string> _refreshes = Channel.CreateUnbounded<string>();
    private readonly Channel<Operation> _operations = Channel.CreateUnbounded<Operation>();
    private readonly SemaphoreSlim _wake = new(0);
    private int _started;

    /// <summary>Creates a loop that deploys every application to one cluster (a registry of one: see <see cref="ClusterRegistry.ForSingleCluster"/>).</summary>
    /// <param name="reconciler">Reconciles one application.</param>
    /// <param name="cluster">The destination cluster.</param>
    /// <param name="syncStates">Where interrupted operations are found on start.</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="liveState">A watched cache of the cluster: compares read it instead of listing, and its changes trigger refreshes.</param>
    /// <param name="shards">When given, only the applications this replica owns are reconciled.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="time">The clock.</param>
    public ReconcileLoop(
        ApplicationReconciler reconciler, ClusterClient cluster, ISyncStateStore syncStates, ReconcileLoopOptions options,
        LiveStateCache? liveState = null, ShardCoordinator? shards = null, ILogger<ReconcileLoop>? logger = null, TimeProvider? time = null)
        : this(reconciler, ClusterRegistry.ForSingleCluster(cluster ?? throw new ArgumentNullException(nameof(cluster)), liveState), syncStates, options, shards, logger, time)
    {
    }

    /// <summary>Creates a loop that deploys each application to the cluster its destination names.</summary>
    /// <param name="reconciler">Reconciles one application.</param>
    /// <param name="clusters">Resolves destinations; an application whose destination it cannot resolve gets an <see cref="ApplicationConditionTypes.InvalidSpecError"/> condition.</param>
    /// <param name="syncStates">Where interrupted operations are found on start.</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="shards">When given, only the applications this replica owns are reconciled.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="time">The clock.</param>
    public ReconcileLoop(
        ApplicationReconciler reconciler, IClusterRegistry clusters, ISyncStateStore syncStates, ReconcileLoopOptions options,
        ShardCoordinator? shards = null, ILogger<ReconcileLoop>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(syncStates);
        ArgumentNullException.ThrowIfNull(options);
        ReconcileLoopOptionsValidator.ThrowIfInvalid(options);
        _reconciler = reconciler;
        _clusters = clusters;
        _syncStates = syncStates;
        _options = options;
        _shards = shards;
        _logger = logger ?? NullLogger<ReconcileLoop>.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The applications of the loop.</summary>
    public IReadOnlyCollection<Application> Applications => [.. _apps.Values];

    internal IEnumerable<ApplicationStatus> LatestStatuses => _latest.Values;

    /// <summary>Adds or replaces an application and refreshes it at once.</summary>
    /// <param name="application">The application.</param>
    public void AddOrUpdate(Application application)
    {
        ArgumentNullException.ThrowIfNull(application);
        _apps[application.QualifiedName] = application;
        Enqueue(application.QualifiedName, hard: false);
    }

    /// <summary>Removes an application (its resources stay) and cancels its in-flight work.</summary>
    /// <param name="application">The qualified application name.</param>
    /// <returns>Whether it was there.</returns>
    public bool Remove(string application)
    {
        var removed = _apps.TryRemove(application, out _);
        _due.TryRemove(application, out _);
        _latest.TryRemove(application, out _);
        _reconciler.Forget(application);
        foreach (var key in new[] { application, "op:" + application })
        {
            if (_running.TryGetValue(key, out var cts))
            {
                cts.Cancel();
            }
        }

        return removed;
    }

    /// <summary>Reads the Application manifests of a folder and adds them.</summary>
    /// <param name="directory">The folder, read recursively.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What was read, with diagnostics naming file and field; nothing is added when it has errors.</returns>
    public async Task<ApplicationReadResult> LoadDirectoryAsync(string directory, CancellationToken cancellationToken = default)
    {
        var result = await ApplicationManifestReader.Default.ReadDirectoryAsync(directory, recursive: true, cancellationToken).ConfigureAwait(false);
        if (!result.HasErrors)
        {
            foreach (var application in result.Applications)
            {
                AddOrUpdate(application);
            }
        }

        return result;
    }

    /// <summary>Asks for a refresh of an application.</summary>
    /// <param name="application">The qualified application name.</param>
    /// <param name="hard">Re-render, bypassing the render cache.</param>
    /// <returns>Whether the application is known.</returns>
    public bool Refresh(string application, bool hard = false)
    {
        if (!_apps.ContainsKey(application))
        {
            return false;
        }

        Enqueue(application, hard);
        return true;
    }

    /// <summary>Refreshes the applications a Git push concerns (by repository, revision and manifest-generate-paths).</summary>
    /// <param name="push">The push, as parsed by <see cref="GitWebhookParser"/>.</param>
    /// <returns>The applications refreshed.</returns>
    public IReadOnlyList<Application> HandlePush(GitPushEvent push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var matched = GitPushEventMatcher.Match(push, _apps.Values).Select(m => m.Application).ToList();
        foreach (var application in matched)
        {
            Enqueue(application.QualifiedName, hard: false);
        }

        LogPush(_logger, push.Ref, matched.Count);
        return matched;
    }

    /// <summary>Runs the loop until cancelled: resumes interrupted operations, then polls, refreshes and syncs.</summary>
    /// <param name="cancellationToken">Stops the loop; in-flight work is cancelled.</param>
    /// <returns>A task that completes when the loop has stopped.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The reconcile loop runs once; create another to run again.");
        }

        ReconcileMetrics.Register(this);
        if (_shards is not null)
        {
            _shards.OwnershipChanged += OnOwnershipChanged;
        }

        try
        {
            if (_options.ResumeOperations)
            {
                await QueueResumesAsync(cancellationToken).ConfigureAwait(false);
            }

            var tasks = new List<Task> { ScheduleAsync(cancellationToken) };
            tasks.AddRange(Enumerable.Range(0, _options.StatusProcessors).Select(_ => RefreshWorkerAsync(cancellationToken)));
            tasks.AddRange(Enumerable.Range(0, _options.OperationProcessors).Select(_ => OperationWorkerAsync(cancellationToken)));
            StartWatching(cancellationToken);
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of the loop.
        }
        finally
        {
            await StopWatchingAsync().ConfigureAwait(false);
            if (_shards is not null)
            {
                _shards.OwnershipChanged -= OnOwnershipChanged;
            }

            ReconcileMetrics.Unregister(this);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _wake.Dispose();

    private bool Owns(string application) => _shards is null || _shards.Owns(application);

    private void Enqueue(string application, bool hard)
    {
        // One queue entry per application; a hard request upgrades a queued normal one.
        var added = false;
        _queued.AddOrUpdate(application, _ => { added = true; return hard; }, (_, queuedHard) => queuedHard || hard);
        if (added)
        {
            _refreshes.Writer.TryWrite(application);
        }
    }

    private async Task QueueResumesAsync(CancellationToken cancellationToken)
    {
        foreach (var application in _apps.Values.Where(a => Owns(a.QualifiedName)))
        {
            var stored = await _syncStates.LoadAsync(ApplicationReconciler.TrackingName(application), cancellationToken).ConfigureAwait(false);
            if (stored is { Phase: OperationPhase.Running })
            {
                _operating[application.QualifiedName] = 0;
                _operations.Writer.TryWrite(new Operation(application, null, stored));
            }
        }
    }

    private async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            var next = now + _options.PollInterval;
            foreach (var name in _apps.Keys)
            {
                var due = _due.GetOrAdd(name, now);
                if (due <= now)
                {
                    Enqueue(name, hard: false);
                    due = NextPoll(now);
                    _due[name] = due;
                }

                if (due < next)
                {
                    next = due;
                }
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(next - now, _time, wait.Token);
            var wake = _wake.WaitAsync(wait.Token);
            await Task.WhenAny(delay, wake).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private DateTimeOffset NextPoll(DateTimeOffset from) =>
        from + _options.PollInterval + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * _options.PollJitter.Ticks));

    private void WakeScheduler()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private async Task RefreshWorkerAsync(CancellationToken cancellationToken)
    {
        await foreach (var name in _refreshes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_queued.TryRemove(name, out var hard) || !_apps.TryGetValue(name, out var application) || !Owns(name))
            {
                continue;
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!_running.TryAdd(name, cts))
            {
                // Refreshed by another worker right now: do it again when that one is done.
                _again.AddOrUpdate(name, hard, (_, h) => h || hard);
                continue;
            }

            try
            {
                var result = await ReconcileAtDestinationAsync(application, hard, cts.Token).ConfigureAwait(false);
                _latest[name] = result.Status;
                // A finished poll restarts the app's poll timer; a backoff or window end brings it forward.
                var due = NextPoll(_time.GetUtcNow());
                if (result.RequeueAt is { } at && at < due)
                {
                    due = at;
                }

                _due[name] = due;
                WakeScheduler();
                IndexResources(name, result.Status);
                if (result.PendingSync is { } pending && _operating.TryAdd(name, 0))
                {
                    _operations.Writer.TryWrite(new Operation(application, pending, null));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogCancelled(_logger, name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One application's failure must not stop the loop; its next poll tries again.
                LogReconcileFailed(_logger, e, name);
            }
            finally
            {
                _running.TryRemove(name, out _);
                if (_again.TryRemove(name, out var againHard))
                {
                    Enqueue(name, againHard);
                }
            }
        }
    }

    private async Task OperationWorkerAsync(CancellationToken cancellationToken)
    {
        await foreach (var operation in _operations.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = operation.Application.QualifiedName;
            try
            {
                if (!Owns(name) || !_apps.ContainsKey(name))
                {
                    continue;
                }

                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var key = "op:" + name;
                _running[key] = cts;
                try
                {
                    // The destination resolved when the sync was decided; a failure now is reported by the next refresh.
                    var context = ContextFor(operation.Application);
                    if (context is null)
                    {
                        continue;
                    }

                    if (operation.Resume is { } stored)
                    {
                        await _reconciler.ResumeAsync(operation.Application, context, stored, cts.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        await _reconciler.SyncAsync(operation.Pending!, context, cts.Token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _running.TryRemove(key, out _);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogCancelled(_logger, name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReconcileFailed(_logger, e, name);
            }
            finally
            {
                _operating.TryRemove(name, out _);
                // Publish the state after the operation.
                Enqueue(name, hard: false);
            }
        }
    }

    private async Task WatchChangesAsync(LiveStateCache liveState, CancellationToken cancellationToken)
    {
        var byTrackingName = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var change in liveState.Changes.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            string? name = null;
            if (change.Current is { } live && ResourceTracking.Read(live) is { } tracking)
            {
                if (!byTrackingName.TryGetValue(tracking.Application, out name) || !_apps.ContainsKey(name))
                {
                    byTrackingName.Clear();
                    foreach (var application in _apps.Values)
                    {
                        byTrackingName[ApplicationReconciler.TrackingName(application)] = application.QualifiedName;
                    }

                    name = byTrackingName.GetValueOrDefault(tracking.Application);
                }
            }
            else
            {
                // A deleted object has no annotations left to read; the last comparison knows whose it was.
                name = _owners.GetValueOrDefault(change.Key);
            }

            if (name is not null)
            {
                LogLiveChange(_logger, name, change.Key.Kind, change.Key.Name);
                Enqueue(name, hard: false);
            }
        }
    }

    private void IndexResources(string application, ApplicationStatus status)
    {
        // Keys of several clusters share one index: a deleted object of the same key in another cluster costs an extra refresh, nothing more.
        foreach (var resource in status.Resources)
        {
            _owners[resource.Key] = application;
        }
    }

    private void OnOwnershipChanged(object? sender, EventArgs e)
    {
        foreach (var (key, cts) in _running)
        {
            var name = key.StartsWith("op:", StringComparison.Ordinal) ? key[3..] : key;
            if (!Owns(name))
            {
                LogDisowned(_logger, name);
                cts.Cancel();
            }
        }

        foreach (var name in _apps.Keys.Where(Owns))
        {
            Enqueue(name, hard: false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Git push to {Ref} refreshes {Count} application(s)")]
    private static partial void LogPush(ILogger logger, string @ref, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live {Kind} {Name} of {Application} changed; refreshing")]
    private static partial void LogLiveChange(ILogger logger, string application, string kind, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of {Application} failed")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string application);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Work on {Application} was cancelled")]
    private static partial void LogCancelled(ILogger logger, string application);

    [LoggerMessage(Level = LogLevel.Information, Message = "No longer owning {Application}; cancelling its in-flight work")]
    private static partial void LogDisowned(ILogger logger, string application);

    private sealed record Operation(Application Application, PendingSync? Pending, OperationState? Resume);
}
