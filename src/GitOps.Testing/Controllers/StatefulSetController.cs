using System.Globalization;
using System.Text.Json.Nodes;
using GitOps.Testing.Json;

namespace GitOps.Testing.Controllers;

/// <summary>
/// StatefulSets run pods named by ordinal (<c>web-0</c>, <c>web-1</c>…), labelled with their revision, pod name and
/// index. With the default OrderedReady policy a pod is created only once the one before it is ready (so a failing
/// image stops at the first pod), Parallel creates them all; scaling down removes the highest ordinals; a rolling
/// update replaces outdated pods from the highest ordinal down, one at a time, once the others are ready (OnDelete
/// leaves them). Claims of volumeClaimTemplates are created per pod. Status counts the pods.
/// </summary>
internal sealed class StatefulSetController : IController
{
    private const string RevisionLabel = "controller-revision-hash";
    private const string Claims = "persistentvolumeclaims";

    public string GroupResource => "statefulsets.apps";

    public void Reconcile(ControllerContext context, JsonObject obj)
    {
        var spec = obj.Child("spec") ?? [];
        var desired = (int)(spec.GetLong("replicas") ?? 1);
        var ns = obj.Namespace();
        var updateRevision = $"{obj.Name()}-{DeploymentController.TemplateHash(spec.Child("template") ?? [])}";
        var pods = context.Owned(PodTemplate.Pods, ns, obj.Uid())
            .Where(p => !p.IsDeleting())
            .ToDictionary(p => Ordinal(obj, p));

        foreach (var (ordinal, surplus) in pods.Where(p => p.Key < 0 || p.Key >= desired).ToList())
        {
            context.Delete(PodTemplate.Pods, surplus);
            pods.Remove(ordinal);
        }

        var parallel = spec.GetString("podManagementPolicy") == "Parallel";
        for (var i = 0; i < desired; i++)
        {
            if (pods.ContainsKey(i))
            {
                continue;
            }

            if (!parallel && Enumerable.Range(0, i).Any(j => !pods.TryGetValue(j, out var before) || !ReplicaSetController.IsReady(before)))
            {
                break;
            }

            CreateClaims(context, obj, spec, i);
            var name = $"{obj.Name()}-{i}";
            var labels = new Dictionary<string, string>
            {
                [RevisionLabel] = updateRevision,
                ["statefulset.kubernetes.io/pod-name"] = name,
                ["apps.kubernetes.io/pod-index"] = i.ToString(CultureInfo.InvariantCulture),
            };
            var pod = PodTemplate.NewPod(obj, "apps/v1", "StatefulSet", spec.Child("template"), name, labels);
            pod["spec"]!.AsObject()["hostname"] = name;
            pods[i] = context.Create(PodTemplate.Pods, ns, pod);
        }

        var outdated = pods.Where(p => PodRevision(p.Value) != updateRevision).OrderByDescending(p => p.Key).ToList();
        var rolling = spec.Child("updateStrategy")?.GetString("type") != "OnDelete";
        if (rolling && outdated.Count > 0 && pods.Count == desired
            && pods.Where(p => p.Key != outdated[0].Key).All(p => ReplicaSetController.IsReady(p.Value)))
        {
            // Replaced on the next pass, at the new revision.
            context.Delete(PodTemplate.Pods, outdated[0].Value);
        }

        var updated = pods.Values.Count(p => PodRevision(p) == updateRevision);
        var old = obj.Child("status");
        var currentRevision = updated == desired && outdated.Count == 0
            ? updateRevision
            : old?.GetString("currentRevision") ?? updateRevision;
        var ready = pods.Values.Count(ReplicaSetController.IsReady);
        var status = new JsonObject
        {
            ["observedGeneration"] = obj.Metadata()["generation"]?.DeepClone(),
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = pods.Values.Count(p => PodRevision(p) == currentRevision),
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = ready,
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = 0,
        };
        context.SetStatus(GroupResource, obj, status);
    }

    private static string? PodRevision(JsonObject pod) => pod.Labels().GetValueOrDefault(RevisionLabel);

    // A pod's ordinal from its name, or -1 when it does not follow the naming (then it is removed).
    private static int Ordinal(JsonObject set, JsonObject pod)
    {
        var prefix = set.Name() + "-";
        return pod.Name().StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(pod.Name().AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
                ? ordinal
                : -1;
    }

    // Each volumeClaimTemplate gives the pod a claim named template-set-ordinal, kept when the pod goes (as upstream's default retention).
    private static void CreateClaims(ControllerContext context, JsonObject set, JsonObject spec, int ordinal)
    {
        foreach (var template in spec.Items("volumeClaimTemplates"))
        {
            var name = $"{template.Metadata().GetString("name")}-{set.Name()}-{ordinal}";
            if (context.Store.Get(Claims, set.Namespace(), name) is not null)
            {
                continue;
            }

            var meta = template.Metadata().DeepCloneObject();
            meta["name"] = name;
            var labels = meta.Ensure("labels");
            foreach (var (key, value) in JsonObjectExtensions.StringMap(spec.Child("selector")?["matchLabels"]))
            {
                labels[key] = value;
            }

            context.Create(Claims, set.Namespace(), new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = meta,
                ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
            });
        }
    }
}
