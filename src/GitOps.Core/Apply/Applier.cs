using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Cluster;
using GitOps.Diff;
using GitOps.Manifests;
using Microsoft.Extensions.Logging;

namespace GitOps.Apply;

/// <summary>The default <see cref="IApplier"/>.</summary>
internal sealed partial class Applier : IApplier
{
    internal const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private readonly ILogger<Applier> _logger;
    private readonly TimeProvider _time;

    public Applier(ILogger<Applier> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
    }

    public async Task<ApplyResult> ApplyAsync(ClusterClient cluster, ApplyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        var resource = await cluster.Discovery.GetAsync(request.Desired, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ApplyOnceAsync(cluster, resource, request, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (IsImmutableFieldChange(e) && request.RecreateOnImmutableChange && request.DryRun && request.Live is not null)
        {
            // A dry run cannot delete: the real run will re-create the object, which is what the option asks for.
            return new ApplyResult(ApplyOutcome.Configured, null, $"{request.Desired} would be recreated: an immutable field changed ({e.Message}) (dry run)");
        }
        catch (KubernetesApiException e) when (IsImmutableFieldChange(e) && request.RecreateOnImmutableChange && !request.DryRun && request.Live is not null)
        {
            LogRecreating(_logger, request.Desired, e.Message);
            await DeleteAndWaitAsync(cluster, resource, request.Desired, cancellationToken).ConfigureAwait(false);
            var created = await ApplyOnceAsync(cluster, resource, request with { Live = null }, cancellationToken).ConfigureAwait(false);
            return created with
            {
                Outcome = created.Outcome == ApplyOutcome.Failed ? ApplyOutcome.Failed : ApplyOutcome.Configured,
                Message = $"{request.Desired} recreated: an immutable field changed ({e.Message})",
            };
        }
        catch (KubernetesApiException e) when (!e.IsTransient)
        {
            var hint = IsImmutableFieldChange(e) ? " An immutable field changed; sync with the recreate option (or Force) to delete and re-create the object." : string.Empty;
            return new ApplyResult(ApplyOutcome.Failed, null, $"{request.Desired}: {e.Message}{hint}");
        }
    }

    internal static bool IsImmutableFieldChange(KubernetesApiException e) =>
        e.StatusCode == HttpStatusCode.UnprocessableEntity && e.Message.Contains("immutable", StringComparison.OrdinalIgnoreCase);

    private async Task<ApplyResult> ApplyOnceAsync(ClusterClient cluster, ApiResource resource, ApplyRequest request, CancellationToken cancellationToken)
    {
        var desired = request.Desired;
        var live = request.Live;
        var strategy = request.Strategy;
        if (strategy == ApplyStrategy.Replace && live is not null && IsNeverReplaced(live))
        {
            strategy = ApplyStrategy.ServerSide;
        }

        switch (strategy)
        {
            case ApplyStrategy.ServerSide:
            {
                var result = await cluster.ApplyAsync(resource, desired, new ApplyOptions
                {
                    FieldManager = request.FieldManager,
                    Force = request.ForceConflicts,
                    DryRun = request.DryRun,
                }, cancellationToken).ConfigureAwait(false);
                return Outcome(desired, live, result, request.DryRun);
            }

            case ApplyStrategy.ClientSide:
                return await ClientSideApplyAsync(cluster, resource, request, cancellationToken).ConfigureAwait(false);

            case ApplyStrategy.Replace when live is null:
            case ApplyStrategy.Force when live is null:
            {
                var created = await cluster.CreateAsync(resource, desired, request.DryRun, request.FieldManager, cancellationToken).ConfigureAwait(false);
                return Outcome(desired, null, created, request.DryRun);
            }

            case ApplyStrategy.Replace:
            case ApplyStrategy.Force when request.DryRun:
            {
                // A dry run of Force can only check that the object is acceptable: a PUT validates it without deleting.
                var replacement = WithResourceVersion(desired, live!);
                var replaced = await cluster.ReplaceAsync(resource, replacement, request.DryRun, request.FieldManager, cancellationToken).ConfigureAwait(false);
                return Outcome(desired, live, replaced, request.DryRun);
            }

            case ApplyStrategy.Force:
            {
                await DeleteAndWaitAsync(cluster, resource, desired, cancellationToken).ConfigureAwait(false);
                var created = await cluster.CreateAsync(resource, desired, false, request.FieldManager, cancellationToken).ConfigureAwait(false);
                return new ApplyResult(ApplyOutcome.Configured, created, $"{desired} deleted and created again (force)");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(request), strategy, "Unknown apply strategy.");
        }
    }

    // kubectl apply's three-way merge: last-applied → desired changes are applied to live, fields others set are kept.
    private static async Task<ApplyResult> ClientSideApplyAsync(ClusterClient cluster, ApiResource resource, ApplyRequest request, CancellationToken cancellationToken)
    {
        var desired = request.Desired.DeepClone();
        desired.Metadata?["annotations"]?.AsObject().Remove(LastAppliedAnnotation);
        var lastApplied = desired.Root.ToJsonString(Compact);
        desired.SetAnnotation(LastAppliedAnnotation, lastApplied);
        if (request.Live is not { } live)
        {
            var created = await cluster.CreateAsync(resource, desired, request.DryRun, request.FieldManager, cancellationToken).ConfigureAwait(false);
            return Outcome(request.Desired, null, created, request.DryRun);
        }

        JsonObject? previous = null;
        if (live.GetAnnotation(LastAppliedAnnotation) is { Length: > 0 } text)
        {
            try
            {
                previous = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                // A corrupt annotation gives no three-way information: merge two-way.
            }
        }

        var merged = PredictedLive.Compute(live.Root, desired.Root, previous);
        if (JsonNode.DeepEquals(merged, live.Root))
        {
            return new ApplyResult(ApplyOutcome.Unchanged, live, $"{request.Desired} unchanged");
        }

        var replaced = await cluster.ReplaceAsync(resource, WithResourceVersion(new ManifestObject(merged), live), request.DryRun, request.FieldManager, cancellationToken)
            .ConfigureAwait(false);
        return Outcome(request.Desired, live, replaced, request.DryRun);
    }

    private async Task DeleteAndWaitAsync(ClusterClient cluster, ApiResource resource, ManifestObject desired, CancellationToken cancellationToken)
    {
        await cluster.DeleteAsync(resource, desired.Namespace, desired.Name, PropagationPolicy.Foreground, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var delay = TimeSpan.FromMilliseconds(50);
        var deadline = _time.GetUtcNow() + TimeSpan.FromMinutes(2);
        while (await cluster.GetAsync(resource, desired.Namespace, desired.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new KubernetesApiException(HttpStatusCode.Conflict, "DeletionTimeout", $"{desired} was deleted but is still there after 2 minutes (finalizers?).");
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    private static ApplyResult Outcome(ManifestObject desired, ManifestObject? live, ManifestObject result, bool dryRun)
    {
        var suffix = dryRun ? " (dry run)" : string.Empty;
        if (live is null)
        {
            return new ApplyResult(ApplyOutcome.Created, result, $"{desired} created{suffix}");
        }

        var unchanged = ResourceVersion(live) is { Length: > 0 } before && before == ResourceVersion(result);
        return unchanged
            ? new ApplyResult(ApplyOutcome.Unchanged, result, $"{desired} unchanged{suffix}")
            : new ApplyResult(ApplyOutcome.Configured, result, $"{desired} configured{suffix}");
    }

    private static string? ResourceVersion(ManifestObject manifest) => manifest.Metadata?["resourceVersion"]?.GetValue<string>();

    private static ManifestObject WithResourceVersion(ManifestObject desired, ManifestObject live)
    {
        var copy = desired.DeepClone();
        if (ResourceVersion(live) is { } version)
        {
            copy.Metadata!["resourceVersion"] = version;
        }

        return copy;
    }

    private static bool IsNeverReplaced(ManifestObject live) =>
        (live.Group == "apiextensions.k8s.io" && live.Kind == "CustomResourceDefinition") || (live.Group.Length == 0 && live.Kind == "Namespace");

    [LoggerMessage(Level = LogLevel.Information, Message = "Recreating {Object}: {Reason}")]
    private static partial void LogRecreating(ILogger logger, ManifestObject @object, string reason);
}
