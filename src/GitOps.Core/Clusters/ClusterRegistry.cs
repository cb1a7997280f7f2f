using GitOps.Applications;
using GitOps.Cluster;
using k8s;
using k8s.KubeConfigModels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Clusters;

/// <summary>
/// Clusters registered in code or read from kubeconfig contexts, resolved by Argo CD's destination rules: a
/// destination names its cluster by <c>name</c> or by <c>server</c> URL; when it gives both they must be the same
/// cluster; when it gives neither it goes to the default cluster. Clusters read from a kubeconfig are connected on
/// first use, so a context whose credentials cannot be loaded only fails the applications sent to it.
/// </summary>
/// <remarks>Thread-safe. Disposing it disposes the clients and caches it made, not those given to it.</remarks>
public sealed partial class ClusterRegistry : IClusterRegistry, IAsyncDisposable
{
    /// <summary>The name of Argo CD's local cluster.</summary>
    public const string InClusterName = "in-cluster";

    private readonly ClusterRegistryOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private volatile Entry[] _entries = [];
    private bool _disposed;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="loggerFactory">Logs registrations and the caches' work.</param>
    /// <param name="time">The clock of the caches.</param>
    public ClusterRegistry(ClusterRegistryOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        _options = options ?? new ClusterRegistryOptions();
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<ClusterRegistry>();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Argo CD's URL of the local cluster.</summary>
    public static Uri InClusterServer { get; } = new("https://kubernetes.default.svc");

    /// <inheritdoc />
    public IReadOnlyList<ClusterInfo> Clusters => [.. _entries.Select(e => e.Info)];

    /// <summary>
    /// A registry of one cluster, the way a single <see cref="ClusterClient"/> was used before registries: it is the
    /// default and the local cluster (<c>in-cluster</c>, <c>https://kubernetes.default.svc</c>) and also answers to its own URL.
    /// </summary>
    /// <param name="client">The cluster; not disposed by the registry.</param>
    /// <param name="liveState">Its watched cache, if any; not disposed by the registry.</param>
    /// <returns>The registry.</returns>
    public static ClusterRegistry ForSingleCluster(ClusterClient client, LiveStateCache? liveState = null)
    {
        var registry = new ClusterRegistry();
        registry.Add(InClusterName, client, liveState, isDefault: true, isInCluster: true);
        return registry;
    }

    /// <summary>A registry of every context of a kubeconfig file (see <see cref="AddKubeconfig"/>).</summary>
    /// <param name="path">The kubeconfig file.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="loggerFactory">Logs registrations.</param>
    /// <param name="time">The clock of the caches.</param>
    /// <returns>The registry.</returns>
    public static ClusterRegistry FromKubeconfig(string path, ClusterRegistryOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        var registry = new ClusterRegistry(options, loggerFactory, time);
        registry.AddKubeconfig(path);
        return registry;
    }

    /// <summary>Registers a connected cluster.</summary>
    /// <param name="name">Its name, unique in the registry.</param>
    /// <param name="client">Its client; the registry does not dispose it.</param>
    /// <param name="liveState">Its watched cache; when null and <see cref="ClusterRegistryOptions.WatchLiveState"/> is on, the registry makes one.</param>
    /// <param name="isDefault">Send destinations that name no cluster here.</param>
    /// <param name="isInCluster">Also answer to <c>in-cluster</c> and <c>https://kubernetes.default.svc</c>.</param>
    /// <returns>What was registered.</returns>
    /// <exception cref="InvalidOperationException">The name is taken, or a default or local cluster is already registered.</exception>
    public ClusterInfo Add(string name, ClusterClient client, LiveStateCache? liveState = null, bool isDefault = false, bool isInCluster = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        var entry = new Entry(new ClusterInfo(name, ServerUrl.WithoutUserInfo(client.Server), isDefault, isInCluster), connect: null, client, liveState);
        Register(entry);
        return entry.Info;
    }

    /// <summary>Registers a cluster to connect to on first use.</summary>
    /// <param name="name">Its name, unique in the registry.</param>
    /// <param name="server">Its API server URL, which destinations may use.</param>
    /// <param name="connection">How to connect; credentials in it are never logged.</param>
    /// <param name="isDefault">Send destinations that name no cluster here.</param>
    /// <param name="isInCluster">Also answer to <c>in-cluster</c> and <c>https://kubernetes.default.svc</c>.</param>
    /// <returns>What was registered.</returns>
    /// <exception cref="InvalidOperationException">The name is taken, or a default or local cluster is already registered.</exception>
    public ClusterInfo Add(string name, Uri server, ClusterConnectionOptions connection, bool isDefault = false, bool isInCluster = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(connection);
        var entry = new Entry(new ClusterInfo(name, ServerUrl.WithoutUserInfo(server), isDefault, isInCluster), () => new ClusterClient(connection), client: null, liveState: null);
        Register(entry);
        return entry.Info;
    }

    /// <summary>
    /// Registers each context of a kubeconfig file as a cluster named after the context, at its cluster entry's
    /// server. The file's current context becomes the default cluster unless one is registered already.
    /// </summary>
    /// <param name="path">The kubeconfig file.</param>
    /// <param name="inClusterContext">A context that also answers to <c>in-cluster</c> and <c>https://kubernetes.default.svc</c>, if any.</param>
    /// <returns>The clusters registered.</returns>
    /// <exception cref="InvalidOperationException">The file cannot be read, or a context names a cluster it lacks; the message names the file and the context.</exception>
    public IReadOnlyList<ClusterInfo> AddKubeconfig(string path, string? inClusterContext = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        K8SConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException)
        {
            throw new InvalidOperationException($"Cannot read kubeconfig '{path}': {e.Message}", e);
        }

        var contexts = config.Contexts?.ToList() ?? [];
        if (contexts.Count == 0)
        {
            throw new InvalidOperationException($"Kubeconfig '{path}' has no contexts.");
        }

        if (inClusterContext is not null && contexts.All(c => c.Name != inClusterContext))
        {
            throw new InvalidOperationException($"Kubeconfig '{path}' has no context '{inClusterContext}' to use as the local cluster.");
        }

        var entries = new List<Entry>();
        var hasDefault = _entries.Any(e => e.Info.IsDefault);
        foreach (var context in contexts)
        {
            var clusterName = context.ContextDetails?.Cluster;
            var cluster = config.Clusters?.FirstOrDefault(c => c.Name == clusterName)
                ?? throw new InvalidOperationException($"Kubeconfig '{path}': context '{context.Name}' names cluster '{clusterName}', which the file does not define.");
            if (!Uri.TryCreate(cluster.ClusterEndpoint?.Server, UriKind.Absolute, out var server))
            {
                throw new InvalidOperationException(
                    $"Kubeconfig '{path}': cluster '{clusterName}' of context '{context.Name}' has no valid server URL ('{cluster.ClusterEndpoint?.Server}').");
            }

            var contextName = context.Name;
            var info = new ClusterInfo(contextName, ServerUrl.WithoutUserInfo(server), !hasDefault && contextName == config.CurrentContext, contextName == inClusterContext);
            entries.Add(new Entry(info, () => new ClusterClient(new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigObject(config, contextName))), null, null));
        }

        foreach (var entry in entries)
        {
            Register(entry);
        }

        return [.. entries.Select(e => e.Info)];
    }

    /// <inheritdoc />
    public ClusterResolution Resolve(ApplicationDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var entries = _entries;
        var name = string.IsNullOrEmpty(destination.Name) ? null : destination.Name;
        var server = string.IsNullOrEmpty(destination.Server) ? null : destination.Server;
        Entry? found = null;
        if (name is not null)
        {
            found = entries.FirstOrDefault(e => e.Info.Name == name) ?? (name == InClusterName ? entries.FirstOrDefault(e => e.Info.IsInCluster) : null);
            if (found is null)
            {
                return ClusterResolution.Failed($"destination cluster '{name}' is not registered; known clusters: {Known(entries)}");
            }
        }

        if (server is not null)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var url))
            {
                return ClusterResolution.Failed($"destination server '{server}' is not an absolute URL");
            }

            var matches = entries.Where(e => e.Answers(url)).ToList();
            if (found is not null)
            {
                if (!matches.Contains(found))
                {
                    return ClusterResolution.Failed(
                        $"destination name '{name}' and server '{ServerUrl.Display(url)}' disagree: cluster '{found.Info.Name}' is at {ServerUrl.Display(found.Info.Server)}");
                }
            }
            else if (matches.Count == 0)
            {
                return ClusterResolution.Failed($"no registered cluster has server '{ServerUrl.Display(url)}'; known clusters: {Known(entries)}");
            }
            else if (matches.Count > 1)
            {
                return ClusterResolution.Failed(
                    $"{matches.Count} registered clusters have server '{ServerUrl.Display(url)}' ({string.Join(", ", matches.Select(m => m.Info.Name))}); name one with destination.name");
            }
            else
            {
                found = matches[0];
            }
        }

        found ??= entries.FirstOrDefault(e => e.Info.IsDefault) ?? (entries.Length == 1 ? entries[0] : null);
        if (found is null)
        {
            return ClusterResolution.Failed($"the destination names no cluster (set server or name) and there is no default cluster; known clusters: {Known(entries)}");
        }

        return Connect(found);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Entry[] entries;
        lock (_gate)
        {
            _disposed = true;
            entries = _entries;
        }

        foreach (var entry in entries)
        {
            if (entry.OwnsCache && entry.LiveState is { } cache)
            {
                await cache.DisposeAsync().ConfigureAwait(false);
            }

            if (entry.Connect is not null)
            {
                entry.Client?.Dispose();
            }
        }
    }

    private void Register(Entry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.Info.Name, "name");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var entries = _entries;
            if (entries.Any(e => e.Info.Name == entry.Info.Name))
            {
                throw new InvalidOperationException($"A cluster named '{entry.Info.Name}' is registered already.");
            }

            if (entry.Info.IsDefault && entries.FirstOrDefault(e => e.Info.IsDefault) is { } otherDefault)
            {
                throw new InvalidOperationException($"Cluster '{otherDefault.Info.Name}' is the default already; '{entry.Info.Name}' cannot be too.");
            }

            var claimsLocal = entry.Info.IsInCluster || entry.Info.Name == InClusterName;
            if (claimsLocal && entries.FirstOrDefault(e => e.Info.IsInCluster || e.Info.Name == InClusterName) is { } otherLocal)
            {
                throw new InvalidOperationException($"Cluster '{otherLocal.Info.Name}' is the local cluster ({InClusterName}) already; '{entry.Info.Name}' cannot be too.");
            }

            _entries = [.. entries, entry];
        }

        // Info.Server carries no user information, so it is safe to log.
        LogRegistered(_logger, entry.Info.Name, entry.Info.Server, entry.Info.IsDefault, entry.Info.IsInCluster);
    }

    private ClusterResolution Connect(Entry entry)
    {
        lock (entry)
        {
            if (entry.Client is null)
            {
                try
                {
                    entry.Client = entry.Connect!();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not remembered: a fixed kubeconfig or a reachable exec plugin works on the next reconcile.
                    LogConnectFailed(_logger, entry.Info.Name, entry.Info.Server, e.Message);
                    return ClusterResolution.Failed($"cannot connect to cluster '{entry.Info.Name}' ({ServerUrl.Display(entry.Info.Server)}): {e.Message}");
                }
            }

            if (entry.LiveState is null && _options.WatchLiveState)
            {
                entry.LiveState = new LiveStateCache(entry.Client, _options.LiveState, _loggers.CreateLogger<LiveStateCache>(), _time);
                entry.OwnsCache = true;
            }

            return ClusterResolution.Found(new ResolvedCluster(entry.Info, entry.Client, entry.LiveState));
        }
    }

    private static string Known(Entry[] entries) =>
        entries.Length == 0 ? "none" : string.Join(", ", entries.Select(e => $"{e.Info.Name} ({ServerUrl.Display(e.Info.Server)})"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered cluster {Name} at {Server} (default: {IsDefault}, in-cluster: {IsInCluster})")]
    private static partial void LogRegistered(ILogger logger, string name, Uri server, bool isDefault, bool isInCluster);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to cluster {Name} at {Server}: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, string name, Uri server, string error);

    private sealed class Entry(ClusterInfo info, Func<ClusterClient>? connect, ClusterClient? client, LiveStateCache? liveState)
    {
        public ClusterInfo Info { get; } = info;

        // Null for clusters registered with a client, which the registry does not own.
        public Func<ClusterClient>? Connect { get; } = connect;

        public ClusterClient? Client { get; set; } = client;

        public LiveStateCache? LiveState { get; set; } = liveState;

        public bool OwnsCache { get; set; }

        public bool Answers(Uri url) => ServerUrl.Same(Info.Server, url) || (Info.IsInCluster && ServerUrl.Same(InClusterServer, url));
    }
}
