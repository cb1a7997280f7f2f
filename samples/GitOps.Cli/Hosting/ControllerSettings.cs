namespace GitOps.Cli.Hosting;

/// <summary>What <c>controller</c> and <c>dashboard</c> run: where applications come from, how often they are polled.</summary>
internal sealed record ControllerSettings
{
    /// <summary>A folder of Application files, or null with <see cref="FromCluster"/>.</summary>
    public DirectoryInfo? Apps { get; init; }

    /// <summary>Whether applications are the Application resources of the cluster (status written back to them).</summary>
    public bool FromCluster { get; init; }

    /// <summary>The namespaces whose Application resources are watched; empty for all.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(2);

    public string HistoryNamespace { get; init; } = "gitops-system";

    /// <summary>The port of the Git webhook endpoint (<c>/api/webhook</c>), or null for none.</summary>
    public int? WebhookPort { get; init; }

    /// <summary>Whether every status change is printed (the dashboard shows them instead).</summary>
    public bool ReportStatus { get; init; } = true;
}
