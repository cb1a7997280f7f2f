using System.CommandLine;
using GitOps.Cli.Hosting;

namespace GitOps.Cli.Options;

/// <summary>The flags <c>controller</c> and <c>dashboard</c> share: where applications come from, polling, webhooks.</summary>
internal sealed class ControllerFlags
{
    private readonly Option<DirectoryInfo?> _apps = new("--apps") { Description = "A folder of Application YAML files (read recursively)." };
    private readonly Option<bool> _fromCluster = new("--from-cluster") { Description = "Reconcile the cluster's Application resources (argoproj.io/v1alpha1), writing their status back." };
    private readonly Option<string[]> _namespaces = new("--app-namespace")
    {
        Description = "With --from-cluster: a namespace whose Application resources are watched (repeatable; default: all).",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<TimeSpan> _poll = DurationOption.Create(
        "--poll-interval", "How often each application is compared again, such as 30s or 3m.", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));

    private readonly Option<string> _historyNamespace = new("--history-namespace") { Description = "The namespace whose ConfigMaps keep sync history.", DefaultValueFactory = _ => "gitops-system" };
    private readonly Option<int?> _webhookPort = new("--webhook-port")
    {
        Description = "Serve Git push webhooks on this port at /api/webhook (secrets from GITOPS_WEBHOOK_GITHUB_SECRET, GITOPS_WEBHOOK_GITLAB_TOKEN, GITOPS_WEBHOOK_BITBUCKET_UUID or GITOPS_WEBHOOK_TOKEN).",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _apps, _fromCluster, _namespaces, _poll, _historyNamespace, _webhookPort })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var apps = result.GetResult(_apps) is not null;
            var fromCluster = result.GetValue(_fromCluster);
            if (apps == fromCluster)
            {
                result.AddError("Give either --apps DIR or --from-cluster.");
            }

            if (!fromCluster && result.GetResult(_namespaces) is not null)
            {
                result.AddError("--app-namespace goes with --from-cluster.");
            }

            if (result.GetValue(_webhookPort) is { } port && port is < 1 or > 65535)
            {
                result.AddError($"--webhook-port must be between 1 and 65535, not {port}.");
            }
        });
    }

    public ControllerSettings Settings(ParseResult parse, bool reportStatus)
    {
        var apps = parse.GetValue(_apps);
        if (apps is { Exists: false })
        {
            throw new DirectoryNotFoundException($"Applications folder '{apps}' does not exist.");
        }

        return new ControllerSettings
        {
            Apps = apps,
            FromCluster = parse.GetValue(_fromCluster),
            Namespaces = parse.GetValue(_namespaces) ?? [],
            PollInterval = parse.GetValue(_poll),
            HistoryNamespace = parse.GetValue(_historyNamespace)!,
            WebhookPort = parse.GetValue(_webhookPort),
            ReportStatus = reportStatus,
        };
    }

    /// <summary>One line saying what runs.</summary>
    public static string Describe(ControllerSettings settings, int applications) =>
        (settings.FromCluster
            ? $"Reconciling the Application resources of {(settings.Namespaces.Count == 0 ? "all namespaces" : string.Join(", ", settings.Namespaces))}"
            : $"Reconciling {applications} application(s) from {settings.Apps!.FullName}")
        + $" every {Applications.GoDuration.Format(settings.PollInterval)}"
        + (settings.WebhookPort is { } port ? $"; Git webhooks on port {port} at /api/webhook" : string.Empty);
}
