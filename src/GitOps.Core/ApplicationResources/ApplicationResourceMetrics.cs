using System.Diagnostics.Metrics;
using GitOps.Diagnostics;

namespace GitOps.ApplicationResources;

// Instruments of the Application resource services, on the SDK's meter.
internal static class ApplicationResourceMetrics
{
    // Status writes to Application resources, tagged result: written, unchanged (skipped) or failed.
    public static Counter<long> StatusWrites { get; } =
        GitOpsTelemetry.Meter.CreateCounter<long>("gitops.application_resources.status_writes", "{write}", "Status writes to Application resources, by result");

    // Events recorded on Application resources, tagged reason and whether they were new or counted on an existing Event.
    public static Counter<long> Events { get; } =
        GitOpsTelemetry.Meter.CreateCounter<long>("gitops.application_resources.events", "{event}", "Kubernetes Events recorded on Application resources");

    public static void Write(string result) => StatusWrites.Add(1, new KeyValuePair<string, object?>("result", result));
}
