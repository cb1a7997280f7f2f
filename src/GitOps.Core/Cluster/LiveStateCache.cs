using System.Collections.Concurrent;
using System.Threading.Channels;
using GitOps.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Cluster;

/// <summary>
/// The live objects of one cluster kept in memory by list and watch: each kind is listed once (paginated) and then
/// watched, resuming from the last resource version; a watch that ends is re-opened, one answered 410 Gone relists,
/// and every kind is relisted periodically. Repeated comparisons then cost no list requests.
/// </summary>
/// <remarks>Kinds are watched on first use (<see cref="GetAsync"/>) or all at once with <see cref="WatchAllAsync"/>.</remarks>
public sealed partial class LiveStateCache : IAsyncDisposable
{
    private readonly ClusterClient _client;
    private readonly LiveStateCacheOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<(string Group, string Kind), KindState> _kinds = new();
    // The objects each application tracks (by tracking annotation), so a comparison finds its own objects without
    // scanning every cached object: with many applications a full scan per comparison would cost O(applications²).
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ResourceKey, ManifestObject>> _byApplication = new(StringComparer.Ordinal);
    private readonly Channel<LiveStateChange> _changes = Channel.CreateUnbounded<LiveStateChange>(new UnboundedChannelOptions { SingleReader = false });

    /// <summary>Creates a cache for a cluster; nothing is listed until a kind is asked for.</summary>
    /// <param name="client">The cluster.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="time">The clock.</param>
    public LiveStateCache(ClusterClient client, LiveStateCacheOptions? options = null, ILogger<LiveStateCache>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new LiveStateCacheOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The cluster.</summary>
    public ClusterClient Client => _client;

    /// <summary>Changes as they are seen (after the initial list of each kind), for triggering reconciles.</summary>
    public ChannelReader<LiveStateChange> Changes => _changes.Reader;

    /// <summary>Starts watching every kind the server can list and watch (Events excepted) and waits for their first lists.</summary>
    /// <param name="cancellationToken">Cancels the wait; the watches go on until the cache is disposed.</param>
    public async Task WatchAllAsync(CancellationToken cancellationToken = default)
    {
        var all = await _client.Discovery.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var kinds = all.Where(r => r.Supports("list") && r.Supports("watch") && r.Kind != "Event")
            .GroupBy(r => (r.Group, r.Kind)).Select(g => g.First());
        await Task.WhenAll(kinds.Select(k => EnsureAsync(k, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>The cached objects of a kind, listing and starting a watch the first time the kind is asked for.</summary>
    /// <param name="resource">The kind.</param>
    /// <param name="cancellationToken">Cancels the wait for the first list.</param>
    /// <exception cref="KubernetesApiException">The first list failed.</exception>
    public async Task<IReadOnlyCollection<ManifestObject>> GetAsync(ApiResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var state = await EnsureAsync(resource, cancellationToken).ConfigureAwait(false);
        return state.Objects.Values.ToArray();
    }

    /// <summary>Lists and starts watching a kind, unless it is watched already, and waits for its first list.</summary>
    /// <param name="resource">The kind.</param>
    /// <param name="cancellationToken">Cancels the wait for the first list.</param>
    /// <exception cref="KubernetesApiException">The first list failed.</exception>
    public async Task WatchKindAsync(ApiResource resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        await EnsureAsync(resource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One cached object of a watched kind; null when it does not exist or its kind is not watched.</summary>
    /// <param name="key">The object.</param>
    public ManifestObject? Find(ResourceKey key) =>
        _kinds.TryGetValue((key.Group, key.Kind), out var state) ? state.Objects.GetValueOrDefault(key) : null;

    /// <summary>
    /// The cached objects of watched kinds whose tracking annotation names an application and the object itself
    /// (see <see cref="Tracking.ResourceTracking.IsTrackedBy"/>), found through an index rather than a scan.
    /// </summary>
    /// <param name="application">The application's tracking name.</param>
    public IReadOnlyList<ManifestObject> TrackedBy(string application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return _byApplication.TryGetValue(application, out var tracked) ? [.. tracked.Values] : [];
    }

    /// <summary>How many kinds are watched.</summary>
    public int WatchedKinds => _kinds.Count;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var state in _kinds.Values)
        {
            try
            {
                if (state.Loop is { } loop)
                {
                    await loop.ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _changes.Writer.TryComplete();
        _stopping.Dispose();
    }

    private async Task<KindState> EnsureAsync(ApiResource resource, CancellationToken cancellationToken)
    {
        var state = _kinds.GetOrAdd((resource.Group, resource.Kind), _ => new KindState(resource));
        lock (state)
        {
            if (state.Loop is null || (state.Loop.IsCompleted && !_stopping.IsCancellationRequested))
            {
                state.Ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                state.Loop = Task.Run(() => RunAsync(state, _stopping.Token), CancellationToken.None);
            }
        }

        await state.Ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return state;
    }

    private async Task RunAsync(KindState state, CancellationToken stopping)
    {
        var first = true;
        while (!stopping.IsCancellationRequested)
        {
            string resourceVersion;
            try
            {
                resourceVersion = await RelistAsync(state, announce: !first, stopping).ConfigureAwait(false);
            }
            catch (KubernetesApiException e)
            {
                if (first)
                {
                    // The first list failing is the caller's error to see; a later one is retried.
                    state.Ready.TrySetException(e);
                    _kinds.TryRemove(new KeyValuePair<(string, string), KindState>((state.Resource.Group, state.Resource.Kind), state));
                    return;
                }

                LogListFailed(_logger, state.Resource.Name, e.Message);
                await Task.Delay(_options.WatchRetryDelay, _time, stopping).ConfigureAwait(false);
                continue;
            }

            if (first)
            {
                first = false;
                state.Ready.TrySetResult();
            }

            var resyncAt = _time.GetUtcNow() + _options.ResyncInterval;
            while (!stopping.IsCancellationRequested && _time.GetUtcNow() < resyncAt)
            {
                var outcome = await WatchOnceAsync(state, resourceVersion, resyncAt, stopping).ConfigureAwait(false);
                if (outcome.Gone)
                {
                    break; // relist
                }

                resourceVersion = outcome.ResourceVersion;
                if (outcome.Failed)
                {
                    await Task.Delay(_options.WatchRetryDelay, _time, stopping).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<string> RelistAsync(KindState state, bool announce, CancellationToken stopping)
    {
        var list = await _client.ListAsync(state.Resource, null, new ListOptions { PageSize = _options.PageSize }, stopping).ConfigureAwait(false);
        var seen = new HashSet<ResourceKey>();
        foreach (var item in list.Items)
        {
            seen.Add(item.Key);
            var changed = !state.Objects.TryGetValue(item.Key, out var previous) || ResourceVersionOf(previous) != ResourceVersionOf(item);
            Put(state, item);
            if (announce && changed)
            {
                _changes.Writer.TryWrite(new LiveStateChange(item.Key, item));
            }
        }

        foreach (var key in state.Objects.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            Remove(state, key);
            if (announce)
            {
                _changes.Writer.TryWrite(new LiveStateChange(key, null));
            }
        }

        return list.ResourceVersion;
    }

    private async Task<(string ResourceVersion, bool Gone, bool Failed)> WatchOnceAsync(
        KindState state, string resourceVersion, DateTimeOffset resyncAt, CancellationToken stopping)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        window.CancelAfter(resyncAt - _time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            await foreach (var change in _client.WatchAsync(state.Resource, null, resourceVersion, cancellationToken: window.Token).ConfigureAwait(false))
            {
                var version = ResourceVersionOf(change.Manifest);
                switch (change.Type)
                {
                    case "ADDED" or "MODIFIED":
                        Put(state, change.Manifest);
                        _changes.Writer.TryWrite(new LiveStateChange(change.Manifest.Key, change.Manifest));
                        break;
                    case "DELETED":
                        Remove(state, change.Manifest.Key);
                        _changes.Writer.TryWrite(new LiveStateChange(change.Manifest.Key, null));
                        break;
                    case "ERROR":
                        // 410 Gone: the version is too old to resume from; anything else: start over from a list too.
                        var message = change.Manifest.Root["message"]?.ToString() ?? "error event";
                        LogWatchError(_logger, state.Resource.Name, message);
                        return (resourceVersion, true, false);
                }

                if (version.Length > 0)
                {
                    resourceVersion = version;
                }
            }

            return (resourceVersion, false, false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (resourceVersion, false, false); // resync due
        }
        catch (KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Gone)
        {
            return (resourceVersion, true, false);
        }
        catch (Exception e) when (e is KubernetesApiException or IOException or HttpRequestException or System.Text.Json.JsonException)
        {
            LogWatchError(_logger, state.Resource.Name, e.Message);
            return (resourceVersion, false, true);
        }
    }

    // Each kind has one writer (its list-and-watch loop), so an object's index entries change in step with it.
    private void Put(KindState state, ManifestObject manifest)
    {
        if (state.Objects.TryGetValue(manifest.Key, out var previous))
        {
            Unindex(previous);
        }

        state.Objects[manifest.Key] = manifest;
        if (Tracking.ResourceTracking.Read(manifest) is { } id && id.Key == manifest.Key)
        {
            _byApplication.GetOrAdd(id.Application, _ => new ConcurrentDictionary<ResourceKey, ManifestObject>())[manifest.Key] = manifest;
        }
    }

    private void Remove(KindState state, ResourceKey key)
    {
        if (state.Objects.TryRemove(key, out var previous))
        {
            Unindex(previous);
        }
    }

    private void Unindex(ManifestObject manifest)
    {
        if (Tracking.ResourceTracking.Read(manifest) is { } id && _byApplication.TryGetValue(id.Application, out var tracked))
        {
            tracked.TryRemove(manifest.Key, out _);
        }
    }

    private static string ResourceVersionOf(ManifestObject manifest) =>
        manifest.Metadata?["resourceVersion"]?.GetValue<string>() ?? string.Empty;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing {Resource} failed, retrying: {Message}")]
    private static partial void LogListFailed(ILogger logger, string resource, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Resource} ended: {Message}")]
    private static partial void LogWatchError(ILogger logger, string resource, string message);

    private sealed class KindState(ApiResource resource)
    {
        public ApiResource Resource { get; } = resource;

        public ConcurrentDictionary<ResourceKey, ManifestObject> Objects { get; } = new();

        public TaskCompletionSource Ready { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task? Loop { get; set; }
    }
}
