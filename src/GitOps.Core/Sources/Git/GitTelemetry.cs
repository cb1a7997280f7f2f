using System.Diagnostics.Metrics;
using GitOps.Diagnostics;

namespace GitOps.Sources.Git;

/// <summary>The Git cache's instruments, on <see cref="GitOpsTelemetry.Meter"/>.</summary>
internal static class GitTelemetry
{
    public static Histogram<double> FetchDuration { get; } = GitOpsTelemetry.Meter.CreateHistogram<double>(
        "gitops.git.fetch.duration", "s", "Time to fetch one repository into the cache, tagged outcome=success|<error kind>.");
}
