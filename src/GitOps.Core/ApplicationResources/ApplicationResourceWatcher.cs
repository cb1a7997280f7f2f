using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Applications;
using GitOps.Cluster;
using GitOps.Manifests;
using GitOps.Reconcile;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.ApplicationResources;

/// <summary>
/// Feeds a <see cref="ReconcileLoop"/> from <c>argoproj.io/v1alpha1</c> Application resources in a cluster: lists them
/// (in every namespace or in <see cref="ApplicationResourceOptions.Namespaces"/>), then watches from the list's resource
/// version, resuming each watch where it ended and relisting when the server answers 410 Gone. Each resource is read by
/// <see cref="ApplicationManifestReader"/>; an added resource or a changed spec, labels or annotations calls
/// <see cref="ReconcileLoop.AddOrUpdate"/>, a deleted one <see cref="ReconcileLoop.Remove"/>, and a status-only change
/// (our own writes) nothing. Warnings are logged and shown as <c>SpecWarning</c> conditions; a resource with errors is
/// not reconciled and gets an <c>InvalidSpecError</c> condition. The <c>argocd.argoproj.io/refresh</c> annotation
/// (<c>normal</c> or <c>hard</c>) asks for a refresh and is removed, as Argo CD does.
/// </summary>
public sealed partial class ApplicationResourceWatcher
{
    /// <summary>The annotation that asks for a refresh.</summary>
    public const string RefreshAnnotation = "argocd.argoproj.io/refresh";

    private static readonly GroupVersionKind ApplicationKind = new("argoproj.io", "v1alpha1", "Application");
    private static readonly string[] ServerSetMetadata =
        ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences"];

    private readonly ClusterClient _cluster;
    private readonly ReconcileLoop _loop;
    private readonly ApplicationResourceStatusStore _statuses;
    private readonly ApplicationResourceOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingLists;
    private int _started;

    /// <summary>Creates a watcher.</summary>
    /// <param name="cluster">The cluster holding the Application resources.</param>
    /// <param name="loop">The loop the applications are added to.</param>
    /// <param name="statuses">The status store the loop's reconciler publishes to, which writes status back to the resources.</param>
    /// <param name="options">Settings; validated here.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="time">The clock.</param>
    public ApplicationResourceWatcher(
        ClusterClient cluster, ReconcileLoop loop, ApplicationResourceStatusStore statuses, ApplicationResourceOptions options,
        ILogger<ApplicationResourceWatcher>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _cluster = cluster;
        _loop = loop;
        _statuses = statuses;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Completes when the first list of every watched namespace has been fed to the loop.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Watches until cancelled. Waits (retrying) while the Application CRD is not installed.</summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>A task that completes when stopped.</returns>
    /// <exception cref="InvalidOperationException">The watcher is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The application watcher runs once; create another to run again.");
        }

        try
        {
            var resource = await FindResourceAsync(cancellationToken).ConfigureAwait(false);
            string?[] namespaces = _options.Namespaces.Count == 0 ? [null] : [.. _options.Namespaces.Distinct(StringComparer.Ordinal)];
            _pendingLists = namespaces.Length;
            await Task.WhenAll(namespaces.Select(ns => WatchAsync(resource, ns, cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end.
        }
        finally
        {
            _ready.TrySetCanceled(cancellationToken);
        }
    }

    private async Task<ApiResource> FindResourceAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (await _cluster.Discovery.FindAsync(ApplicationKind, cancellationToken).ConfigureAwait(false) is { } resource)
                {
                    return resource;
                }

                if (attempt % 60 == 0)
                {
                    // Said once, then about every minute at the default retry delay.
                    LogNoCrd(_logger, "argoproj.io/v1alpha1 Application");
                }
            }
            catch (KubernetesApiException e)
            {
                LogListFailed(_logger, "discovery", e.Message);
            }

            await Task.Delay(_options.WatchRetryDelay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WatchAsync(ApiResource resource, string? @namespace, CancellationToken cancellationToken)
    {
        // Spec hashes of the applications seen in this scope: a change of status alone is no reason to reconcile.
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            string resourceVersion;
            try
            {
                var list = await _cluster.ListAsync(resource, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var item in list.Items)
                {
                    seen.Add(QualifiedName(item));
                    await ObserveAsync(resource, item, known, cancellationToken).ConfigureAwait(false);
                }

                foreach (var gone in known.Keys.Where(k => !seen.Contains(k)).ToList())
                {
                    Delete(gone, known);
                }

                resourceVersion = list.ResourceVersion;
            }
            catch (KubernetesApiException e)
            {
                LogListFailed(_logger, @namespace ?? "(all namespaces)", e.Message);
                await Task.Delay(_options.WatchRetryDelay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (first)
            {
                first = false;
                if (Interlocked.Decrement(ref _pendingLists) == 0)
                {
                    _ready.TrySetResult();
                }
            }

            var resyncAt = _time.GetUtcNow() + _options.ResyncInterval;
            while (!cancellationToken.IsCancellationRequested && _time.GetUtcNow() < resyncAt)
            {
                var (next, gone, failed) = await WatchOnceAsync(resource, @namespace, resourceVersion, resyncAt, known, cancellationToken).ConfigureAwait(false);
                if (gone)
                {
                    break;
                }

                resourceVersion = next;
                if (failed)
                {
                    await Task.Delay(_options.WatchRetryDelay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<(string ResourceVersion, bool Gone, bool Failed)> WatchOnceAsync(
        ApiResource resource, string? @namespace, string resourceVersion, DateTimeOffset resyncAt, Dictionary<string, string> known, CancellationToken cancellationToken)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = resyncAt - _time.GetUtcNow();
        window.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            await foreach (var change in _cluster.WatchAsync(resource, @namespace, resourceVersion, cancellationToken: window.Token).ConfigureAwait(false))
            {
                switch (change.Type)
                {
                    case "ADDED" or "MODIFIED":
                        await ObserveAsync(resource, change.Manifest, known, cancellationToken).ConfigureAwait(false);
                        break;
                    case "DELETED":
                        Delete(QualifiedName(change.Manifest), known);
                        break;
                    case "ERROR":
                        // 410 Expired: too old to resume from. Any other error: start over from a list as well.
                        var message = change.Manifest.Root["message"]?.ToString() ?? "error event";
                        LogWatchEnded(_logger, @namespace ?? "(all namespaces)", message);
                        return (resourceVersion, true, false);
                }

                if (change.Manifest.Metadata?["resourceVersion"]?.GetValue<string>() is { Length: > 0 } version)
                {
                    resourceVersion = version;
                }
            }

            return (resourceVersion, false, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (resourceVersion, false, false); // time to resync
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Gone)
        {
            return (resourceVersion, true, false);
        }
        catch (Exception e) when (e is KubernetesApiException or IOException or HttpRequestException or System.Text.Json.JsonException)
        {
            LogWatchEnded(_logger, @namespace ?? "(all namespaces)", e.Message);
            return (resourceVersion, false, true);
        }
    }

    private async Task ObserveAsync(ApiResource resource, ManifestObject live, Dictionary<string, string> known, CancellationToken cancellationToken)
    {
        var name = QualifiedName(live);
        if (live.Metadata?["deletionTimestamp"] is not null)
        {
            // Being deleted (held by a finalizer): stop reconciling it now.
            Delete(name, known);
            return;
        }

        var read = ApplicationManifestReader.Default.Read(WithoutServerFields(live));
        _statuses.Track(resource, live, read.Warnings);
        var hash = SpecHash(live);
        var refresh = live.GetAnnotation(RefreshAnnotation);
        if (known.GetValueOrDefault(name) != hash)
        {
            known[name] = hash;
            foreach (var diagnostic in read.Diagnostics)
            {
                var level = diagnostic.Severity == ApplicationDiagnosticSeverity.Error ? LogLevel.Error : LogLevel.Warning;
                var text = diagnostic.ToString();
                LogDiagnostic(_logger, level, text);
            }

            if (read.HasErrors)
            {
                _loop.Remove(name);
                await _statuses.ReportInvalidAsync(name, [.. read.Errors], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                LogApplied(_logger, name);
                _loop.AddOrUpdate(read.Applications[0]);
            }
        }
        else if (refresh is not null && !read.HasErrors)
        {
            _loop.Refresh(name, hard: string.Equals(refresh, "hard", StringComparison.OrdinalIgnoreCase));
        }

        if (refresh is not null)
        {
            await RemoveRefreshAnnotationAsync(resource, live, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RemoveRefreshAnnotationAsync(ApiResource resource, ManifestObject live, CancellationToken cancellationToken)
    {
        try
        {
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RefreshAnnotation] = null } } };
            await _cluster.PatchAsync(resource, live.Namespace, live.Name, "application/merge-patch+json", patch,
                fieldManager: _options.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e)
        {
            LogListFailed(_logger, QualifiedName(live), e.Message);
        }
    }

    private void Delete(string name, Dictionary<string, string> known)
    {
        if (known.Remove(name))
        {
            LogDeleted(_logger, name);
            _loop.Remove(name);
            _statuses.Untrack(name);
        }
    }

    private static ManifestObject WithoutServerFields(ManifestObject live)
    {
        var clean = live.DeepClone();
        clean.Root.Remove("status");
        if (clean.Metadata is { } metadata)
        {
            foreach (var key in ServerSetMetadata)
            {
                metadata.Remove(key);
            }

            if (metadata["annotations"] is JsonObject annotations)
            {
                annotations.Remove(RefreshAnnotation);
            }
        }

        return clean;
    }

    private static string SpecHash(ManifestObject live)
    {
        var annotations = (JsonObject?)live.Metadata?["annotations"]?.DeepClone();
        annotations?.Remove(RefreshAnnotation);
        var identity = new JsonObject
        {
            ["uid"] = live.Metadata?["uid"]?.DeepClone(),
            ["spec"] = live.Root["spec"]?.DeepClone(),
            ["labels"] = live.Metadata?["labels"]?.DeepClone(),
            ["annotations"] = annotations is { Count: > 0 } ? annotations : null,
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToJsonString())));
    }

    private static string QualifiedName(ManifestObject manifest) =>
        manifest.Namespace.Length == 0 ? manifest.Name : $"{manifest.Namespace}/{manifest.Name}";

    [LoggerMessage(Level = LogLevel.Information, Message = "The Application CRD ({Kind}) is not served yet; waiting for it")]
    private static partial void LogNoCrd(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing Applications in {Scope} failed, retrying: {Error}")]
    private static partial void LogListFailed(ILogger logger, string scope, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of Applications in {Scope} ended: {Message}")]
    private static partial void LogWatchEnded(ILogger logger, string scope, string message);

    [LoggerMessage(Message = "{Diagnostic}")]
    private static partial void LogDiagnostic(ILogger logger, LogLevel level, string diagnostic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Application} added or changed in the cluster")]
    private static partial void LogApplied(ILogger logger, string application);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Application} deleted from the cluster")]
    private static partial void LogDeleted(ILogger logger, string application);
}
