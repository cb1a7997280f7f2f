using System.Text.Json.Nodes;
using GitOps.Apply;
using GitOps.Comparison;
using GitOps.Health;
using GitOps.Reconcile;
using GitOps.Sync;

namespace GitOps.ApplicationResources;

// Writes an ApplicationStatus in the shape of Argo CD's Application status (pkg/apis/application/v1alpha1
// ApplicationStatus), so kubectl, the argocd CLI's views and dashboards read it as they read Argo CD's. Empty fields
// are left out, as Go's omitempty does.
internal static class ArgoCdStatus
{
    public const string ReconciledAt = "reconciledAt";

    public static JsonObject Build(ApplicationStatus status, JsonObject? spec, JsonObject? previous, OperationState? runningOperation = null)
    {
        var multiSource = spec?["sources"] is JsonArray { Count: > 0 };
        var result = new JsonObject();
        var resources = new JsonArray();
        foreach (var r in status.Resources.OrderBy(r => r.Key.Group, StringComparer.Ordinal).ThenBy(r => r.Key.Kind, StringComparer.Ordinal)
                     .ThenBy(r => r.Key.Namespace, StringComparer.Ordinal).ThenBy(r => r.Key.Name, StringComparer.Ordinal))
        {
            var item = Reference(r.Key.Group, r.ApiVersion, r.Key.Kind, r.Key.Namespace, r.Key.Name);
            item["status"] = r.Status switch
            {
                ResourceSyncStatus.Synced => "Synced",
                ResourceSyncStatus.Unknown => "Unknown",
                _ => "OutOfSync",
            };
            if (r.Health is { } health)
            {
                item["health"] = Health(health);
            }
            else if (r.Status == ResourceSyncStatus.Missing)
            {
                item["health"] = new JsonObject { ["status"] = "Missing" };
            }

            if (r.Status == ResourceSyncStatus.Extraneous)
            {
                item["requiresPruning"] = true;
            }

            resources.Add(item);
        }

        if (resources.Count > 0)
        {
            result["resources"] = resources;
        }

        var sync = new JsonObject { ["status"] = status.SyncStatus.ToString() };
        var comparedTo = Source(spec, multiSource);
        if (spec?["destination"] is JsonObject destination)
        {
            comparedTo["destination"] = destination.DeepClone();
        }

        if (comparedTo.Count > 0)
        {
            sync["comparedTo"] = comparedTo;
        }

        AddRevision(sync, status.Revision, multiSource);
        result["sync"] = sync;
        result["health"] = Health(status.Health);

        var history = new JsonArray();
        foreach (var entry in status.History)
        {
            var item = new JsonObject();
            AddRevision(item, entry.Revision, multiSource);
            item["deployedAt"] = ApplicationEventRecorder.Timestamp(entry.FinishedAt);
            item["id"] = entry.Id;
            foreach (var (key, value) in Source(spec, multiSource))
            {
                item[key] = value?.DeepClone();
            }

            item["deployStartedAt"] = ApplicationEventRecorder.Timestamp(entry.StartedAt);
            history.Add(item);
        }

        if (history.Count > 0)
        {
            result["history"] = history;
        }

        var conditions = new JsonArray();
        foreach (var condition in status.Conditions)
        {
            // Keep the first time a condition was seen: a condition that stays is no change worth a write.
            var since = (previous?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(c => c["type"]?.GetValue<string>() == condition.Type && c["message"]?.GetValue<string>() == condition.Message)?["lastTransitionTime"]?.GetValue<string>();
            conditions.Add(new JsonObject
            {
                ["type"] = condition.Type,
                ["message"] = condition.Message,
                ["lastTransitionTime"] = since ?? ApplicationEventRecorder.Timestamp(condition.ObservedAt),
            });
        }

        if (conditions.Count > 0)
        {
            result["conditions"] = conditions;
        }

        if ((runningOperation ?? status.Operation) is { } operation)
        {
            result["operationState"] = Operation(operation, spec, multiSource);
        }

        result[ReconciledAt] = ApplicationEventRecorder.Timestamp(status.ReconciledAt);
        return result;
    }

    public static JsonObject Operation(OperationState operation, JsonObject? spec, bool multiSource)
    {
        var sync = new JsonObject();
        AddRevision(sync, operation.Revision, multiSource);
        var state = new JsonObject
        {
            ["operation"] = new JsonObject { ["sync"] = sync },
            ["phase"] = operation.Phase.ToString(),
        };
        if (operation.Message.Length > 0)
        {
            state["message"] = operation.Message;
        }

        var syncResult = new JsonObject();
        var results = new JsonArray();
        foreach (var r in operation.Results)
        {
            var item = Reference(r.Key.Group, r.ApiVersion, r.Key.Kind, r.Key.Namespace, r.Key.Name);
            item["status"] = r.Outcome switch
            {
                ApplyOutcome.Pruned => "Pruned",
                ApplyOutcome.PruneSkipped => "PruneSkipped",
                ApplyOutcome.Failed => "SyncFailed",
                _ => "Synced",
            };
            if (r.Message.Length > 0)
            {
                item["message"] = r.Message;
            }

            if (r.IsHook)
            {
                item["hookPhase"] = r.Outcome == ApplyOutcome.Failed ? "Failed" : "Succeeded";
            }

            item["syncPhase"] = r.Phase.ToString();
            results.Add(item);
        }

        if (results.Count > 0)
        {
            syncResult["resources"] = results;
        }

        AddRevision(syncResult, operation.Revision, multiSource);
        foreach (var (key, value) in Source(spec, multiSource))
        {
            syncResult[key] = value?.DeepClone();
        }

        state["syncResult"] = syncResult;
        state["startedAt"] = ApplicationEventRecorder.Timestamp(operation.StartedAt);
        if (operation.FinishedAt is { } finished)
        {
            state["finishedAt"] = ApplicationEventRecorder.Timestamp(finished);
        }

        if (operation.Retries > 0)
        {
            state["retryCount"] = operation.Retries;
        }

        return state;
    }

    /// <summary>Whether two statuses differ in more than <c>reconciledAt</c>.</summary>
    public static bool SameIgnoringReconciledAt(JsonObject next, JsonObject? live)
    {
        if (live is null)
        {
            return false;
        }

        var a = (JsonObject)next.DeepClone();
        var b = (JsonObject)live.DeepClone();
        a.Remove(ReconciledAt);
        b.Remove(ReconciledAt);
        return JsonNode.DeepEquals(a, b);
    }

    private static JsonObject Reference(string group, string apiVersion, string kind, string @namespace, string name)
    {
        var item = new JsonObject();
        if (group.Length > 0)
        {
            item["group"] = group;
        }

        item["version"] = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : apiVersion;
        item["kind"] = kind;
        if (@namespace.Length > 0)
        {
            item["namespace"] = @namespace;
        }

        item["name"] = name;
        return item;
    }

    private static JsonObject Health(HealthStatus health)
    {
        var node = new JsonObject { ["status"] = health.Status.ToString() };
        if (health.Message.Length > 0)
        {
            node["message"] = health.Message;
        }

        return node;
    }

    private static JsonObject Source(JsonObject? spec, bool multiSource)
    {
        var node = new JsonObject();
        if (multiSource)
        {
            node["sources"] = spec!["sources"]!.DeepClone();
        }
        else if (spec?["source"] is JsonObject source)
        {
            node["source"] = source.DeepClone();
        }

        return node;
    }

    // A multi-source application's revisions are one per source (the reconciler joins them with commas).
    private static void AddRevision(JsonObject node, string? revision, bool multiSource)
    {
        if (string.IsNullOrEmpty(revision))
        {
            return;
        }

        if (multiSource)
        {
            node["revisions"] = new JsonArray([.. revision.Split(',').Select(r => (JsonNode?)JsonValue.Create(r))]);
        }
        else
        {
            node["revision"] = revision;
        }
    }
}
