using System.Text.Json.Nodes;
using GitOps.Testing.Api;
using GitOps.Testing.Json;
using GitOps.Testing.Resources.Validation;

namespace GitOps.Testing.Resources;

/// <summary>
/// batch/v1 CronJob: concurrencyPolicy Allow, not suspended, 3 successful and 1 failed jobs kept, pod template
/// defaults in the job template; a schedule and a valid job pod template are required.
/// </summary>
internal sealed class CronJobStrategy : DefaultResourceStrategy
{
    public static new readonly CronJobStrategy Instance = new();

    public override void Default(ResourceType type, JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        spec.SetIfEmpty("concurrencyPolicy", "Allow");
        spec.SetIfMissing("suspend", false);
        spec.SetIfMissing("successfulJobsHistoryLimit", 3);
        spec.SetIfMissing("failedJobsHistoryLimit", 1);
        if (spec.Child("jobTemplate").Child("spec") is { } jobSpec)
        {
            JobStrategy.DefaultJobSpec(jobSpec, isJob: false);
        }
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var causes = new List<StatusCause>();
        var spec = obj.Child("spec") ?? [];
        if (string.IsNullOrWhiteSpace(spec.GetString("schedule")))
        {
            causes.Add(WorkloadValidation.Required("spec.schedule"));
        }

        var policy = spec.GetString("concurrencyPolicy");
        if (policy is not "Allow" and not "Forbid" and not "Replace")
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{policy}\": supported values: \"Allow\", \"Forbid\", \"Replace\"", "spec.concurrencyPolicy"));
        }

        JobStrategy.ValidateTemplate(spec.Child("jobTemplate").Child("spec").Child("template"), "spec.jobTemplate.spec.template", causes);
        return causes;
    }
}
