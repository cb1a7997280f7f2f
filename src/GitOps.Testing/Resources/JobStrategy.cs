using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Resources.Defaulting;
using GitOps.Testing.Resources.Validation;

namespace GitOps.Testing.Resources;

/// <summary>
/// batch/v1 Job: completions and parallelism 1, backoffLimit 6, NonIndexed, not suspended,
/// TerminatingOrFailed pod replacement; without <c>manualSelector</c> the server generates the selector and
/// template labels from the Job's uid. Pods must restart OnFailure or Never; selector and template are immutable.
/// </summary>
internal sealed class JobStrategy : DefaultResourceStrategy
{
    public static new readonly JobStrategy Instance = new();

    private const string ControllerUid = "batch.kubernetes.io/controller-uid";
    private const string JobName = "batch.kubernetes.io/job-name";

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        base.PrepareForCreate(type, obj);
        var spec = obj.Ensure("spec");
        if (spec.IsTrue("manualSelector"))
        {
            return;
        }

        // The uid is assigned before strategies run, so the generated selector names this Job alone.
        var uid = obj.Uid();
        var labels = spec.Ensure("template").Ensure("metadata").Ensure("labels");
        labels[ControllerUid] = uid;
        labels[JobName] = obj.Name();
        labels["controller-uid"] = uid;
        labels["job-name"] = obj.Name();
        if (spec["selector"] is null)
        {
            spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ControllerUid] = uid } };
        }
    }

    public override void Default(ResourceType type, JsonObject obj) => DefaultJobSpec(obj.Ensure("spec"), isJob: true);

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var spec = obj.Child("spec") ?? [];
        foreach (var key in new[] { "parallelism", "completions", "backoffLimit" })
        {
            WorkloadValidation.NonNegative(spec, key, "spec." + key, causes);
        }

        WorkloadValidation.Selector(spec, "job", causes);
        ValidateTemplate(spec.Child("template"), "spec.template", causes);
        if (old is not null)
        {
            WorkloadValidation.Immutable(spec["selector"], old.Child("spec")?["selector"], "spec.selector", causes);
            WorkloadValidation.Immutable(spec["template"], old.Child("spec")?["template"], "spec.template", causes);
        }

        return causes;
    }

    /// <summary>Job spec defaults; a CronJob's jobTemplate gets only its pod template's (as on a real server).</summary>
    public static void DefaultJobSpec(JsonObject spec, bool isJob)
    {
        if (isJob)
        {
            if (spec["completions"] is null && spec["parallelism"] is null)
            {
                spec["completions"] = 1;
                spec["parallelism"] = 1;
            }

            spec.SetIfMissing("parallelism", 1);
            spec.SetIfMissing("backoffLimit", 6);
            spec.SetIfEmpty("completionMode", "NonIndexed");
            spec.SetIfMissing("suspend", false);
            spec.SetIfEmpty("podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        }

        PodSpecDefaults.DefaultTemplate(spec.Child("template"));
    }

    /// <summary>A Job's pod template: the pod spec checks plus OnFailure/Never restarts.</summary>
    public static void ValidateTemplate(JsonObject? template, string path, List<StatusCause> causes)
    {
        var podSpec = template.Child("spec");
        WorkloadValidation.PodSpec(podSpec, path + ".spec", causes);
        var restart = podSpec?.GetString("restartPolicy") ?? string.Empty;
        if (restart is not "OnFailure" and not "Never")
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{restart}\": supported values: \"OnFailure\", \"Never\"", path + ".spec.restartPolicy"));
        }
    }
}
