using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.ApplicationResources;

/// <summary>
/// Records core/v1 Events on Application resources, as <c>kubectl describe application</c> and <c>kubectl get events</c>
/// show them. A repeat of the same event (object, type, reason and message) within
/// <see cref="ApplicationResourceOptions.EventAggregationWindow"/> raises the count and last timestamp of the Event
/// already recorded instead of creating another, as client-go's event correlator does.
/// </summary>
/// <remarks>Recording is best effort: a refused Event is logged and never fails the caller.</remarks>
public sealed partial class ApplicationEventRecorder
{
    /// <summary>The Event type of routine events.</summary>
    public const string Normal = "Normal";

    /// <summary>The Event type of failures.</summary>
    public const string Warning = "Warning";

    private const int MaxMessageLength = 1024;
    private const int MaxRemembered = 4096;
    private static readonly ApiResource Events = new(string.Empty, "v1", "Event", "events", Namespaced: true, ["create", "get", "list", "patch", "watch"]);
    private readonly ClusterClient _cluster;
    private readonly ApplicationResourceOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Uid, string Type, string Reason, string Message), Recorded> _recorded = new();
    private long _lastNanos;

    /// <summary>Creates a recorder.</summary>
    /// <param name="cluster">The cluster of the Application resources.</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="logger">Each event is logged too.</param>
    /// <param name="time">The clock of the Events' timestamps.</param>
    public ApplicationEventRecorder(ClusterClient cluster, ApplicationResourceOptions options, ILogger<ApplicationEventRecorder>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _cluster = cluster;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Records an Event on an Application, or counts it on the same Event recorded recently.</summary>
    /// <param name="application">The Application.</param>
    /// <param name="type"><see cref="Normal"/> or <see cref="Warning"/>.</param>
    /// <param name="reason">One of <see cref="ApplicationEventReasons"/>.</param>
    /// <param name="message">What happened.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the Event is written (or the write failed and was logged).</returns>
    public async Task RecordAsync(ApplicationResourceReference application, string type, string reason, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        message ??= string.Empty;
        if (message.Length > MaxMessageLength)
        {
            message = message[..(MaxMessageLength - 3)] + "...";
        }

        LogEvent(_logger, application.QualifiedName, type, reason, message);
        if (!_options.RecordEvents)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var key = (application.Uid, type, reason, message);
        try
        {
            if (_recorded.TryGetValue(key, out var seen) && now - seen.LastSeen < _options.EventAggregationWindow)
            {
                int count;
                lock (seen)
                {
                    count = ++seen.Count;
                    seen.LastSeen = now;
                }

                try
                {
                    await _cluster.PatchAsync(Events, seen.Namespace, seen.Name, "application/merge-patch+json",
                        new JsonObject { ["count"] = count, ["lastTimestamp"] = Timestamp(now) },
                        fieldManager: _options.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
                    ApplicationResourceMetrics.Events.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("aggregated", true));
                    return;
                }
                catch (KubernetesApiException e) when (e.IsNotFound)
                {
                    // The server's event TTL removed it: record a new one.
                }
            }

            var name = $"{application.Name}.{NextNanos(now):x}";
            await _cluster.CreateAsync(Events, new Manifests.ManifestObject(NewEvent(application, name, type, reason, message, now)),
                fieldManager: _options.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            Remember(key, new Recorded(application.Namespace, name, now));
            ApplicationResourceMetrics.Events.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("aggregated", false));
        }
        catch (KubernetesApiException e)
        {
            LogEventFailed(_logger, reason, application.QualifiedName, e.Message);
        }
    }

    private JsonObject NewEvent(ApplicationResourceReference application, string name, string type, string reason, string message, DateTimeOffset now) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = application.Namespace },
        ["involvedObject"] = new JsonObject
        {
            ["apiVersion"] = ApplicationResourceReference.ApiVersion,
            ["kind"] = ApplicationResourceReference.Kind,
            ["namespace"] = application.Namespace,
            ["name"] = application.Name,
            ["uid"] = application.Uid,
            ["resourceVersion"] = application.ResourceVersion,
        },
        ["reason"] = reason,
        ["message"] = message,
        ["type"] = type,
        ["source"] = new JsonObject { ["component"] = _options.EventComponent },
        ["reportingComponent"] = _options.EventComponent,
        ["reportingInstance"] = Environment.MachineName,
        ["firstTimestamp"] = Timestamp(now),
        ["lastTimestamp"] = Timestamp(now),
        ["count"] = 1,
    };

    private void Remember((string, string, string, string) key, Recorded recorded)
    {
        _recorded[key] = recorded;
        if (_recorded.Count > MaxRemembered)
        {
            // Forget the oldest half; a forgotten repeat only costs a new Event instead of a count.
            foreach (var old in _recorded.OrderBy(p => p.Value.LastSeen).Take(MaxRemembered / 2).ToList())
            {
                _recorded.TryRemove(old.Key, out _);
            }
        }
    }

    // Event names are <object>.<unix nanoseconds in hex>, as client-go names them; kept increasing so two events in one tick differ.
    private long NextNanos(DateTimeOffset now)
    {
        var nanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        while (true)
        {
            var last = Interlocked.Read(ref _lastNanos);
            var next = Math.Max(nanos, last + 1);
            if (Interlocked.CompareExchange(ref _lastNanos, next, last) == last)
            {
                return next;
            }
        }
    }

    internal static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Application}: {Type} {Reason}: {Message}")]
    private static partial void LogEvent(ILogger logger, string application, string type, string reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the {Reason} event of application {Application}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string application, string error);

    private sealed class Recorded(string @namespace, string name, DateTimeOffset seen)
    {
        public string Namespace { get; } = @namespace;

        public string Name { get; } = name;

        public int Count { get; set; } = 1;

        public DateTimeOffset LastSeen { get; set; } = seen;
    }
}
