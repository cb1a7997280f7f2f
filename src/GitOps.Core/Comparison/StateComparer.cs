using System.Collections.Concurrent;
using GitOps.Cluster;
using GitOps.Diagnostics;
using GitOps.Diff;
using GitOps.Health;
using GitOps.Manifests;
using GitOps.Tracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Comparison;

/// <summary>
/// The default <see cref="IStateComparer"/>: live state is listed once per kind (never fetched per object), desired
/// objects are paired with live ones by group, kind, namespace and name, and each pair is diffed with the chosen
/// strategy; tracked live objects nobody desires are extraneous.
/// </summary>
internal sealed partial class StateComparer : IStateComparer
{
    private const string IgnoreExtraneous = "IgnoreExtraneous";
    private readonly ManifestDiffer _differ;
    private readonly IHealthAssessor _health;
    private readonly StateComparerOptions _options;
    private readonly ILogger<StateComparer> _logger;
    private readonly DryRunCache _dryRuns;

    public StateComparer(ManifestDiffer differ, IHealthAssessor health, IOptions<StateComparerOptions> options, ILogger<StateComparer> logger)
    {
        _differ = differ;
        _health = health;
        _options = options.Value;
        _logger = logger;
        _dryRuns = new DryRunCache(_options.DryRunCacheBytes);
    }

    public async Task<ComparisonResult> CompareAsync(ClusterClient cluster, ComparisonRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        using var activity = GitOpsTelemetry.ActivitySource.StartActivity("gitops.compare");
        activity?.SetTag("gitops.application", request.ApplicationName);
        var warnings = new ConcurrentQueue<string>();

        var desired = await PrepareDesiredAsync(cluster, request, warnings, cancellationToken).ConfigureAwait(false);
        var kinds = await KindsToListAsync(cluster, request, desired, cancellationToken).ConfigureAwait(false);
        var (live, failedKinds) = request.LiveState is { } cache
            ? await FromCacheAsync(cache, request.ApplicationName, desired, kinds, cancellationToken).ConfigureAwait(false)
            : await ListAsync(cluster, kinds, cancellationToken).ConfigureAwait(false);

        var results = new ConcurrentBag<ResourceComparison>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(desired.Values, parallel, async (item, token) =>
            results.Add(await CompareOneAsync(cluster, request, item, live, failedKinds, warnings, token).ConfigureAwait(false)))
            .ConfigureAwait(false);

        foreach (var (key, obj) in live)
        {
            if (!desired.ContainsKey(key) && ResourceTracking.IsTrackedBy(obj, request.ApplicationName))
            {
                results.Add(new ResourceComparison
                {
                    Key = key,
                    ApiVersion = obj.ApiVersion,
                    Status = ResourceSyncStatus.Extraneous,
                    Live = obj,
                    Diff = _differ.Diff(null, obj, request.DiffOptions),
                    Counted = !CompareOptionsAnnotation.Has(obj, IgnoreExtraneous),
                });
            }
        }

        var ordered = results
            .OrderBy(r => r.Key.Group, StringComparer.Ordinal).ThenBy(r => r.Key.Kind, StringComparer.Ordinal)
            .ThenBy(r => r.Key.Namespace, StringComparer.Ordinal).ThenBy(r => r.Key.Name, StringComparer.Ordinal)
            .ToList();
        var counted = ordered.Where(r => r.Counted).ToList();
        var status = counted.Any(r => r.Status == ResourceSyncStatus.Unknown) ? ApplicationSyncStatus.Unknown
            : counted.Any(r => r.Status != ResourceSyncStatus.Synced) ? ApplicationSyncStatus.OutOfSync
            : ApplicationSyncStatus.Synced;
        var health = ApplicationHealth.Aggregate(ordered.Select(HealthInput), _health);
        var byKey = health.Resources.ToDictionary(r => r.Key);
        foreach (var resource in ordered)
        {
            resource.Health = byKey.TryGetValue(resource.Key, out var h) ? h.Health : null;
        }

        LogCompared(_logger, request.ApplicationName, status, ordered.Count);
        activity?.SetTag("gitops.sync_status", status.ToString());
        activity?.SetTag("gitops.health", health.Health.Status.ToString());
        return new ComparisonResult { SyncStatus = status, Health = health, Resources = ordered, Strategy = request.Strategy, Warnings = [.. warnings] };
    }

    private static ResourceHealthInput HealthInput(ResourceComparison resource)
    {
        var declared = resource.Desired ?? resource.Live!;
        return new ResourceHealthInput(
            resource.Key, resource.Live, HealthAnnotations.IsHook(declared),
            HealthAnnotations.IgnoresHealthCheck(declared) || (resource.Live is { } live && HealthAnnotations.IgnoresHealthCheck(live)));
    }

    private static async Task<Dictionary<ResourceKey, PreparedObject>> PrepareDesiredAsync(
        ClusterClient cluster, ComparisonRequest request, ConcurrentQueue<string> warnings, CancellationToken cancellationToken)
    {
        var prepared = new Dictionary<ResourceKey, PreparedObject>();
        foreach (var original in request.Desired)
        {
            var copy = original.DeepClone();
            var resource = await cluster.Discovery.FindAsync(copy.GroupVersionKind, cancellationToken).ConfigureAwait(false);
            if (resource is null || resource.Namespaced)
            {
                // Unknown kinds are treated as namespaced: custom resources usually are, and their CRD may come with the app.
                if (copy.Namespace.Length == 0)
                {
                    copy.Namespace = request.DestinationNamespace;
                }
            }
            else
            {
                copy.Namespace = string.Empty;
            }

            ResourceTracking.Mark(copy, request.ApplicationName, request.InstanceLabel);
            if (prepared.ContainsKey(copy.Key))
            {
                warnings.Enqueue($"{copy} appears more than once in the desired state; the last one wins.");
            }

            prepared[copy.Key] = new PreparedObject(copy, resource);
        }

        return prepared;
    }

    private static async Task<List<ApiResource>> KindsToListAsync(
        ClusterClient cluster, ComparisonRequest request, Dictionary<ResourceKey, PreparedObject> desired, CancellationToken cancellationToken)
    {
        var all = await cluster.Discovery.GetAllAsync(cancellationToken).ConfigureAwait(false);
        var wanted = new HashSet<(string Group, string Kind)>(desired.Values
            .Where(p => p.Resource is not null)
            .Select(p => (p.Resource!.Group, p.Resource.Kind)));
        if (request.ExtraneousKinds is null)
        {
            // Events are never ours and are numerous: leave them out of the search.
            wanted.UnionWith(all.Where(r => r.Supports("list") && r.Kind != "Event").Select(r => (r.Group, r.Kind)));
        }
        else
        {
            wanted.UnionWith(request.ExtraneousKinds.Select(g => (g.Group, g.Kind)));
        }

        // One list per group and kind, in the version discovery prefers.
        return all.Where(r => r.Supports("list") && wanted.Contains((r.Group, r.Kind)))
            .GroupBy(r => (r.Group, r.Kind)).Select(g => g.First()).ToList();
    }

    // From a watched cache: the desired objects' live counterparts by key, and the application's own objects through
    // the cache's tracking index, so the cost follows the application's size, not the cluster's.
    private async Task<(Dictionary<ResourceKey, ManifestObject> Live, Dictionary<(string, string), string> FailedKinds)> FromCacheAsync(
        LiveStateCache cache, string application, Dictionary<ResourceKey, PreparedObject> desired, List<ApiResource> kinds, CancellationToken cancellationToken)
    {
        var failed = new ConcurrentDictionary<(string, string), string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(kinds, parallel, async (resource, token) =>
        {
            try
            {
                await cache.WatchKindAsync(resource, token).ConfigureAwait(false);
            }
            catch (KubernetesApiException e)
            {
                failed[(resource.Group, resource.Kind)] = e.Message;
            }
        }).ConfigureAwait(false);

        var searched = kinds.Select(k => (k.Group, k.Kind)).Where(k => !failed.ContainsKey(k)).ToHashSet();
        var live = new Dictionary<ResourceKey, ManifestObject>();
        foreach (var key in desired.Keys)
        {
            if (searched.Contains((key.Group, key.Kind)) && cache.Find(key) is { } current)
            {
                live[key] = current;
            }
        }

        foreach (var own in cache.TrackedBy(application))
        {
            if (searched.Contains((own.Key.Group, own.Key.Kind)))
            {
                live[own.Key] = own;
            }
        }

        return (live, new Dictionary<(string, string), string>(failed));
    }

    private async Task<(Dictionary<ResourceKey, ManifestObject> Live, Dictionary<(string, string), string> FailedKinds)> ListAsync(
        ClusterClient cluster, List<ApiResource> kinds, CancellationToken cancellationToken)
    {
        var live = new ConcurrentDictionary<ResourceKey, ManifestObject>();
        var failed = new ConcurrentDictionary<(string, string), string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(kinds, parallel, async (resource, token) =>
        {
            try
            {
                var items = (await cluster.ListAsync(resource, null, null, token).ConfigureAwait(false)).Items;
                foreach (var item in items)
                {
                    live[item.Key] = item;
                }
            }
            catch (KubernetesApiException e)
            {
                failed[(resource.Group, resource.Kind)] = e.Message;
            }
        }).ConfigureAwait(false);
        return (new Dictionary<ResourceKey, ManifestObject>(live), new Dictionary<(string, string), string>(failed));
    }

    private async Task<ResourceComparison> CompareOneAsync(
        ClusterClient cluster, ComparisonRequest request, PreparedObject item, Dictionary<ResourceKey, ManifestObject> live,
        Dictionary<(string, string), string> failedKinds, ConcurrentQueue<string> warnings, CancellationToken cancellationToken)
    {
        var desired = item.Manifest;
        var key = desired.Key;
        if (item.Resource is null)
        {
            return new ResourceComparison
            {
                Key = key, ApiVersion = desired.ApiVersion, Status = ResourceSyncStatus.Missing, Desired = desired,
                Diff = _differ.Diff(desired, null, request.DiffOptions),
                Message = $"The server does not serve {desired.GroupVersionKind} yet; its CRD may come with this application.",
            };
        }

        if (failedKinds.TryGetValue((key.Group, key.Kind), out var failure))
        {
            return new ResourceComparison { Key = key, ApiVersion = desired.ApiVersion, Status = ResourceSyncStatus.Unknown, Desired = desired, Message = failure };
        }

        if (!live.TryGetValue(key, out var current))
        {
            return new ResourceComparison
            {
                Key = key, ApiVersion = desired.ApiVersion, Status = ResourceSyncStatus.Missing, Desired = desired,
                Diff = _differ.Diff(desired, null, request.DiffOptions),
            };
        }

        var (diff, note, compared) = await DiffAsync(cluster, request, item, current, warnings, cancellationToken).ConfigureAwait(false);
        return new ResourceComparison
        {
            Key = key, ApiVersion = desired.ApiVersion, Desired = desired, Live = compared, Diff = diff, Message = note,
            Status = diff.Modified ? ResourceSyncStatus.OutOfSync : ResourceSyncStatus.Synced,
        };
    }

    private async Task<(ResourceDiff Diff, string? Note, ManifestObject Live)> DiffAsync(
        ClusterClient cluster, ComparisonRequest request, PreparedObject item, ManifestObject live, ConcurrentQueue<string> warnings,
        CancellationToken cancellationToken)
    {
        if (request.Strategy != DiffStrategy.ServerSide)
        {
            return (_differ.Diff(item.Manifest, live, WithStrategy(request.DiffOptions, request.Strategy)), null, live);
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var key = DryRunCache.Key(cluster, item.Manifest, live, request.FieldManager);
                if (key is null || request.SkipDryRunCache || !_dryRuns.TryGet(key, out var predicted))
                {
                    predicted = await cluster.ApplyAsync(
                        item.Resource!, item.Manifest, new ApplyOptions { FieldManager = request.FieldManager, Force = true, DryRun = true }, cancellationToken)
                        .ConfigureAwait(false);

                    // A controller wrote to the object between our read and the dry run (a Deployment's revision
                    // annotation, say): read it again, so that both sides of the diff are the same version.
                    if (attempt < 3 && ResourceVersion(predicted) is { } version && version != ResourceVersion(live)
                        && await cluster.GetAsync(item.Resource!, live.Namespace, live.Name, cancellationToken).ConfigureAwait(false) is { } reread)
                    {
                        live = reread;
                        continue;
                    }

                    if (key is not null)
                    {
                        _dryRuns.Set(key, predicted);
                    }
                }

                return (_differ.Diff(predicted, live, WithStrategy(request.DiffOptions, DiffStrategy.ServerSide)), null, live);
            }
        }
        catch (KubernetesApiException e)
        {
            var note = $"Server-side diff of {item.Manifest} failed, compared three-way instead: {e.Message}";
            warnings.Enqueue(note);
            LogFallback(_logger, item.Manifest, e.Reason);
            return (_differ.Diff(item.Manifest, live, WithStrategy(request.DiffOptions, DiffStrategy.ThreeWay)), note, live);
        }
    }

    private static string? ResourceVersion(ManifestObject obj) => obj.Root["metadata"]?["resourceVersion"]?.GetValue<string>();

    private static DiffOptions WithStrategy(DiffOptions options, DiffStrategy strategy) =>
        options.Strategy == strategy ? options : new DiffOptions
        {
            Strategy = strategy,
            CompareStatus = options.CompareStatus,
            IgnoreDifferences = options.IgnoreDifferences,
            Normalizers = options.Normalizers,
            ContextLines = options.ContextLines,
        };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compared {Application}: {Status} ({Count} resources)")]
    private static partial void LogCompared(ILogger logger, string application, ApplicationSyncStatus status, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server-side diff of {Object} failed ({Reason}); compared three-way instead")]
    private static partial void LogFallback(ILogger logger, ManifestObject @object, string reason);

    private sealed record PreparedObject(ManifestObject Manifest, ApiResource? Resource);
}
