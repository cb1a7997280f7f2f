using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Manifests;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Sharding;

/// <summary>
/// Shares applications among replicas with Kubernetes Leases (coordination.k8s.io/v1), not a home-made cluster:
/// each replica renews a Lease of its own; the live Leases of the group are the members; each application belongs
/// to one member by rendezvous hashing.
/// </summary>
/// <remarks>
/// Exclusivity: a replica that joins owns nothing until its Lease is a full lease duration old, while the others
/// re-read the members every renew interval (at most a third of the lease) and give up what moves to it at once; a
/// replica that cannot renew stops owning anything before its Lease can expire, so taking over an expired Lease is
/// safe. A graceful stop deletes the Lease after ownership ends, so its share moves at once. This assumes clocks that
/// agree to well within the renew interval. Callers should cancel work on applications they stop owning
/// (<see cref="OwnershipChanged"/>).
/// </remarks>
public sealed partial class ShardCoordinator : IAsyncDisposable
{
    /// <summary>The label that marks a group's Leases.</summary>
    public const string GroupLabel = "gitops.dotnet/shard-group";

    private readonly ClusterClient _cluster;
    private readonly ShardingOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private volatile View _view = View.Empty;
    private ApiResource? _leases;
    private Task? _loop;
    private DateTimeOffset _acquiredAt;
    private DateTimeOffset _lastRenewed;

    /// <summary>Creates a coordinator; call <see cref="StartAsync"/> to join.</summary>
    /// <param name="cluster">The cluster holding the Leases.</param>
    /// <param name="options">Namespace, group, identity and timings.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="time">The clock.</param>
    public ShardCoordinator(ClusterClient cluster, ShardingOptions options, ILogger<ShardCoordinator>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _cluster = cluster;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>This replica's identity.</summary>
    public string Identity => _options.Identity;

    /// <summary>The live members of the group as last read, sorted.</summary>
    public IReadOnlyList<string> Members => _view.Members;

    /// <summary>Raised (on the coordinator's loop) when the members change, so callers re-check what they own.</summary>
    public event EventHandler? OwnershipChanged;

    /// <summary>Joins the group: creates this replica's Lease and starts renewing it.</summary>
    /// <param name="cancellationToken">Cancels joining.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _leases = await _cluster.Discovery.FindAsync(new GroupVersionKind("coordination.k8s.io", "v1", "Lease"), cancellationToken).ConfigureAwait(false)
            ?? throw new KubernetesApiException("The server does not serve coordination.k8s.io/v1 Leases.");
        _acquiredAt = _time.GetUtcNow();
        await RenewAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        LogJoined(_logger, _options.Identity, _options.Group);
    }

    /// <summary>Whether this replica owns an application now.</summary>
    /// <param name="application">The application's name (namespace-qualified if names repeat across namespaces).</param>
    public bool Owns(string application)
    {
        var now = _time.GetUtcNow();
        var view = _view;

        // Self-fencing: past the renew deadline another replica may take the share over.
        if (_loop is null || now - _lastRenewed > _options.LeaseDuration - _options.RenewInterval)
        {
            return false;
        }

        // A newcomer waits a full lease so the others have seen it and let go first.
        if (now - _acquiredAt < _options.LeaseDuration)
        {
            return false;
        }

        return RendezvousHash.Owner(application, view.Members) == _options.Identity;
    }

    /// <summary>Leaves the group: stops owning, then deletes the Lease so the share moves at once.</summary>
    /// <param name="cancellationToken">Cuts the leave short.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _loop = null;
        _view = View.Empty;
        OwnershipChanged?.Invoke(this, EventArgs.Empty);
        await _cluster.DeleteAsync(_leases!, _options.Namespace, LeaseName(_options.Identity), PropagationPolicy.Background, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        LogLeft(_logger, _options.Identity);
    }

    /// <summary>Simulates a crash in tests: stops renewing without deleting the Lease.</summary>
    internal async Task AbandonAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _loop = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (KubernetesApiException e)
        {
            LogLeaveFailed(_logger, _options.Identity, e.Message);
        }

        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(_options.RenewInterval, _time, stopping).ConfigureAwait(false);
            try
            {
                await RenewAsync(stopping).ConfigureAwait(false);
                await RefreshAsync(stopping).ConfigureAwait(false);
            }
            catch (KubernetesApiException e)
            {
                // Owns() fences itself once renewals have failed for too long; keep trying meanwhile.
                LogRenewFailed(_logger, _options.Identity, e.Message);
            }
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var lease = new ManifestObject(new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject
            {
                ["name"] = LeaseName(_options.Identity),
                ["namespace"] = _options.Namespace,
                ["labels"] = new JsonObject { [GroupLabel] = _options.Group },
            },
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = _options.Identity,
                ["leaseDurationSeconds"] = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
                ["acquireTime"] = MicroTime(_acquiredAt),
                ["renewTime"] = MicroTime(now),
            },
        });
        await _cluster.ApplyAsync(_leases!, lease, new ApplyOptions { FieldManager = "gitops-dotnet-sharding", Force = true }, cancellationToken).ConfigureAwait(false);
        _lastRenewed = now;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var list = await _cluster.ListAsync(_leases!, _options.Namespace, new ListOptions { LabelSelector = $"{GroupLabel}={_options.Group}" }, cancellationToken)
            .ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var members = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var lease in list.Items)
        {
            var spec = lease.Root["spec"];
            var holder = spec?["holderIdentity"]?.GetValue<string>();
            var renewed = spec?["renewTime"]?.GetValue<string>();
            var seconds = spec?["leaseDurationSeconds"]?.GetValue<int>() ?? 0;
            if (holder is not null && renewed is not null &&
                DateTimeOffset.TryParse(renewed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) &&
                at + TimeSpan.FromSeconds(seconds) > now)
            {
                members.Add(holder);
            }
        }

        var view = new View([.. members]);
        var changed = !view.Members.SequenceEqual(_view.Members, StringComparer.Ordinal);
        _view = view;
        if (changed)
        {
            LogMembers(_logger, _options.Identity, view.Members);
            OwnershipChanged?.Invoke(this, EventArgs.Empty);
        }
    }

    private string LeaseName(string identity) => $"gitops-shard-{_options.Group}-{identity}";

    private static string MicroTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Identity} joined shard group {Group}")]
    private static partial void LogJoined(ILogger logger, string identity, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Identity} left its shard group")]
    private static partial void LogLeft(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Identity} could not delete its Lease on leaving: {Message}")]
    private static partial void LogLeaveFailed(ILogger logger, string identity, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Identity} could not renew its Lease: {Message}")]
    private static partial void LogRenewFailed(ILogger logger, string identity, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Identity} sees members {Members}")]
    private static partial void LogMembers(ILogger logger, string identity, IReadOnlyList<string> members);

    private sealed record View(IReadOnlyList<string> Members)
    {
        public static View Empty { get; } = new([]);
    }
}
