using System.CommandLine;
using GitOps.Applications;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;
using GitOps.Reconcile;
using GitOps.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops controller --apps DIR</c>: the reconcile loop over the Application files of a folder, until Ctrl+C.
/// Applications with an automated sync policy are synced; the others are compared and reported.
/// </summary>
internal static class ControllerCommand
{
    public static Command Create(CliConsole console)
    {
        var apps = new Option<DirectoryInfo>("--apps") { Description = "A folder of Application YAML files (read recursively).", Required = true };
        var poll = DurationOption.Create(
            "--poll-interval", "How often each application is compared again, such as 30s or 3m.", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));
        var historyNamespace = new Option<string>("--history-namespace") { Description = "The namespace whose ConfigMaps keep sync history.", DefaultValueFactory = _ => "gitops-system" };
        var cluster = new ClusterFlags();
        var command = new Command("controller", "Run the reconcile loop over a folder of Applications until stopped (Ctrl+C).") { apps, poll, historyNamespace };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(apps)!;
            if (!folder.Exists)
            {
                throw new DirectoryNotFoundException($"Applications folder '{folder}' does not exist.");
            }

            var client = await cluster.ConnectAsync(parse, console, cancellationToken);
            var interval = parse.GetValue(poll);
            var ns = parse.GetValue(historyNamespace)!;
            await using var host = CliHost.Create(client, services =>
            {
                // Spread polls by up to half the interval, so many applications don't all hit Git at once.
                services.Configure<ReconcileLoopOptions>(o => (o.PollInterval, o.PollJitter) = (interval, interval / 2));
                services.Replace(ServiceDescriptor.Singleton<ISyncHistoryStore>(new ClusterSyncHistoryStore(client, ns)));
                services.Replace(ServiceDescriptor.Singleton<IApplicationStatusStore>(new ReportingStatusStore(console)));
            });
            using var _ = client;
            var loop = host.Get<ReconcileLoop>();
            var read = await loop.LoadDirectoryAsync(folder.FullName, cancellationToken);
            foreach (var diagnostic in read.Diagnostics)
            {
                await console.Error.WriteLineAsync(diagnostic.ToString());
            }

            if (read.HasErrors)
            {
                throw new InvalidOperationException($"The Applications of '{folder}' have errors (listed above); nothing was started.");
            }

            await console.ProgressAsync(
                $"Reconciling {read.Applications.Count} application(s) from {folder.FullName} every {GoDuration.Format(interval)}; press Ctrl+C to stop.");
            try
            {
                await loop.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the normal way to stop.
            }

            await console.ProgressAsync("Stopped.");
            return CliApplication.Success;
        });
        return command;
    }
}
