using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GitOps.Diagnostics;

/// <summary>The SDK's activity source and meter, both named <c>GitOps</c>: subscribe to them for traces and metrics.</summary>
public static class GitOpsTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "GitOps";

    /// <summary>Spans around fetches, renders, comparisons and syncs.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Counters and histograms.</summary>
    public static Meter Meter { get; } = new(Name);

    internal static Histogram<double> RenderDuration { get; } =
        Meter.CreateHistogram<double>("gitops.render.duration", "s", "Time to render one application, cache hits included.");

    internal static Counter<long> RenderCacheLookups { get; } =
        Meter.CreateCounter<long>("gitops.render.cache.lookups", description: "Render cache lookups, tagged hit=true|false.");

    internal static Counter<long> SyncsCompleted { get; } =
        Meter.CreateCounter<long>("gitops.sync.operations", description: "Finished sync operations, tagged phase=Succeeded|Failed|Error|Terminated.");

    internal static Histogram<double> ReconcileDuration { get; } =
        Meter.CreateHistogram<double>("gitops.reconcile.duration", "s", "Time to reconcile one application (resolve, render, compare, and any automated sync).");

    internal static Histogram<double> KubernetesRequestDuration { get; } =
        Meter.CreateHistogram<double>(
            "gitops.kubernetes.request.duration", "s",
            "Kubernetes API requests the SDK made and their time to the response headers, tagged http.request.method and http.response.status_code (0 when no answer came).");

    internal static Counter<long> AutomatedSyncs { get; } =
        Meter.CreateCounter<long>("gitops.reconcile.syncs", description: "Automated syncs the reconciler ran, tagged result=Succeeded|Failed|Error|Terminated and selfHeal=true|false.");
}
