using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// Deployments: the ReplicaSet of the current template (named by its pod-template-hash, owned by the Deployment)
/// runs the desired replicas, older ReplicaSets scale to zero, and status reports the rollout: observedGeneration,
/// replica counts and the Available and Progressing conditions (NewReplicaSetAvailable when done, ReplicaSetUpdated
/// while rolling, ProgressDeadlineExceeded when the new pods crash-loop).
/// </summary>
internal sealed class DeploymentController : IController
{
    private const string ReplicaSets = "replicasets.apps";
    private const string HashLabel = "pod-template-hash";
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string SafeChars = "bcdfghjklmnpqrstvwxz2456789";

    public string GroupResource => "deployments.apps";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        if (spec.IsTrue("paused"))
        {
            return;
        }

        var desired = (int)(spec.GetLong("replicas") ?? 1);
        var template = spec.Child("template")?.DeepCloneObject() ?? [];
        var hash = TemplateHash(template);
        var owned = context.Owned(ReplicaSets, obj.Namespace(), obj.Uid());
        var newName = $"{obj.Name()}-{hash}";
        var current = owned.FirstOrDefault(r => r.Name() == newName);
        if (current is null)
        {
            var revision = owned.Select(r => long.TryParse(JsonObjectExtensions.StringMap(r.Metadata()["annotations"]).GetValueOrDefault(RevisionAnnotation), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
            var labels = template.Ensure("metadata").Ensure("labels");
            labels[HashLabel] = hash;
            var selector = spec.Child("selector")?.DeepCloneObject() ?? [];
            selector.Ensure("matchLabels")[HashLabel] = hash;
            current = context.Create(ReplicaSets, obj.Namespace(), new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ReplicaSet",
                ["metadata"] = new JsonObject
                {
                    ["name"] = newName,
                    ["labels"] = labels.DeepClone(),
                    ["annotations"] = new JsonObject
                    {
                        [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                        ["deployment.kubernetes.io/desired-replicas"] = desired.ToString(CultureInfo.InvariantCulture),
                        ["deployment.kubernetes.io/max-replicas"] = desired.ToString(CultureInfo.InvariantCulture),
                    },
                    ["ownerReferences"] = ControllerContext.ControllerRef(obj, "apps/v1", "Deployment"),
                },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = desired,
                    ["minReadySeconds"] = spec["minReadySeconds"]?.DeepClone() ?? 0,
                    ["selector"] = selector,
                    ["template"] = template,
                },
            });
            owned.Add(current);
        }
        else if (current.Child("spec").GetLong("replicas") != desired)
        {
            current = current.DeepCloneObject();
            current.Ensure("spec")["replicas"] = desired;
            context.Update(ReplicaSets, current);
        }

        foreach (var previous in owned.Where(r => r.Name() != newName && r.Child("spec").GetLong("replicas") is not 0).ToList())
        {
            var scaled = previous.DeepCloneObject();
            scaled.Ensure("spec")["replicas"] = 0;
            context.Update(ReplicaSets, scaled);
        }

        owned = context.Owned(ReplicaSets, obj.Namespace(), obj.Uid());
        var newRs = owned.First(r => r.Name() == newName);
        var revisionOfNew = JsonObjectExtensions.StringMap(newRs.Metadata()["annotations"]).GetValueOrDefault(RevisionAnnotation);
        if (revisionOfNew is not null && JsonObjectExtensions.StringMap(obj.Metadata()["annotations"]).GetValueOrDefault(RevisionAnnotation) != revisionOfNew)
        {
            // The Deployment carries its current revision too (`kubectl rollout history` reads it).
            var annotated = obj.DeepCloneObject();
            annotated.Metadata().Ensure("annotations")[RevisionAnnotation] = revisionOfNew;
            obj = context.Update(GroupResource, annotated);
        }

        var replicas = owned.Sum(r => (int)(r.Child("status").GetLong("replicas") ?? 0));
        var updated = (int)(newRs.Child("status").GetLong("replicas") ?? 0);
        var ready = owned.Sum(r => (int)(r.Child("status").GetLong("readyReplicas") ?? 0));
        var available = owned.Sum(r => (int)(r.Child("status").GetLong("availableReplicas") ?? 0));
        var crashing = context.Owned("pods", obj.Namespace(), newRs.Uid()).Any(ReplicaSetController.IsCrashLooping);
        var old = obj.Child("status");

        var status = new JsonObject { ["observedGeneration"] = obj.Metadata()["generation"]?.DeepClone() };
        AddCount(status, "replicas", replicas);
        AddCount(status, "updatedReplicas", updated);
        AddCount(status, "readyReplicas", ready);
        AddCount(status, "availableReplicas", available);
        AddCount(status, "unavailableReplicas", Math.Max(0, desired - available));
        var minimum = desired - MaxUnavailable(spec, desired);
        var conditions = new JsonArray(available >= minimum
            ? context.Condition(old, "Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.", withUpdateTime: true)
            : context.Condition(old, "Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", withUpdateTime: true));
        var done = updated == desired && replicas == desired && available >= desired
            && (int)(newRs.Child("status").GetLong("availableReplicas") ?? 0) == desired;
        conditions.Add(done
            ? context.Condition(old, "Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{newName}\" has successfully progressed.", withUpdateTime: true)
            : crashing
                ? context.Condition(old, "Progressing", false, "ProgressDeadlineExceeded", $"ReplicaSet \"{newName}\" has timed out progressing.", withUpdateTime: true)
                : context.Condition(old, "Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{newName}\" is progressing.", withUpdateTime: true));
        status["conditions"] = conditions;
        context.SetStatus(GroupResource, obj, status);
    }

    /// <summary>The template's hash as the label value: FNV-1a over its JSON, in the server's safe alphabet.</summary>
    public static string TemplateHash(JsonObject template)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(template.ToJsonString()))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        var text = new StringBuilder();
        do
        {
            text.Append(SafeChars[(int)(hash % (uint)SafeChars.Length)]);
            hash /= (uint)SafeChars.Length;
        }
        while (hash > 0);
        return text.ToString();
    }

    private static void AddCount(JsonObject status, string key, int value)
    {
        // The real status omits zero counts (omitempty).
        if (value != 0)
        {
            status[key] = value;
        }
    }

    private static int MaxUnavailable(JsonObject spec, int desired)
    {
        if (spec.Child("strategy")?.GetString("type") == "Recreate")
        {
            return desired;
        }

        var value = spec.Child("strategy").Child("rollingUpdate")?["maxUnavailable"];
        var text = value?.ToString() ?? "25%";
        return text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent)
            ? desired * percent / 100
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }
}
