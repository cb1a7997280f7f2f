using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;
using GitOps.Cli.Output;
using GitOps.Comparison;
using GitOps.Health;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops status APP</c>: sync status, health, revision and each resource, as a reconcile finds them (nothing is synced).</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var format = OutputFormat.Create(OutputFormat.Table, OutputFormat.Table, OutputFormat.Yaml, OutputFormat.Json);
        var flags = new AppCommandFlags();
        var command = new Command("status", "Show an application's sync status, health, revision and resources.") { format };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await flags.OpenAsync(parse, console, cancellationToken);
            await console.ProgressAsync($"Comparing {session.Application.Name} with the cluster...");
            var status = (await session.Reconciler.ReconcileAsync(session.Application, session.Context, cancellationToken)).Status;
            if (parse.GetValue(format) is OutputFormat.Yaml or OutputFormat.Json)
            {
                await OutputFormat.WriteAsync(console, status, parse.GetValue(format)!);
            }
            else
            {
                await console.Output.WriteLineAsync($"Application:  {status.Application}");
                await console.Output.WriteLineAsync($"Sync status:  {console.Paint(status.SyncStatus.ToString(), Color(status.SyncStatus))}");
                await console.Output.WriteLineAsync($"Health:       {console.Paint(status.Health.ToString(), Color(status.Health.Status))}");
                await console.Output.WriteLineAsync($"Revision:     {status.Revision ?? "(unresolved)"}");
                if (status.History.Count > 0)
                {
                    var last = status.History[^1];
                    await console.Output.WriteLineAsync($"Last synced:  {OperationWaiter.Short(last.Revision)} at {last.FinishedAt:u} (history {last.Id})");
                }

                foreach (var condition in status.Conditions)
                {
                    await console.Output.WriteLineAsync($"{condition.Type}: {condition.Message}");
                }

                if (status.Resources.Count > 0)
                {
                    await console.Output.WriteLineAsync();
                    var table = new Table("KIND", "NAMESPACE", "NAME", "STATUS", "HEALTH", "MESSAGE");
                    foreach (var resource in status.Resources)
                    {
                        table.Add(
                            (resource.Key.Kind, AnsiColor.None), (resource.Key.Namespace, AnsiColor.None), (resource.Key.Name, AnsiColor.None),
                            (resource.Status.ToString(), resource.Status == ResourceSyncStatus.Synced ? AnsiColor.Green : AnsiColor.Yellow),
                            (resource.Health?.Status.ToString() ?? string.Empty, resource.Health is { } h ? Color(h.Status) : AnsiColor.None),
                            (resource.Message ?? resource.Health?.Message ?? string.Empty, AnsiColor.None));
                    }

                    await table.WriteAsync(console);
                }
            }

            // Like a failed command: the status could not be found out (render or comparison error).
            return status.Conditions.Any(c => c.IsError && c.Type == Reconcile.ApplicationConditionTypes.ComparisonError)
                ? CliApplication.Failure
                : CliApplication.Success;
        });
        return command;
    }

    public static AnsiColor Color(ApplicationSyncStatus status) => status switch
    {
        ApplicationSyncStatus.Synced => AnsiColor.Green,
        ApplicationSyncStatus.OutOfSync => AnsiColor.Yellow,
        _ => AnsiColor.None,
    };

    public static AnsiColor Color(HealthStatusCode health) => health switch
    {
        HealthStatusCode.Healthy => AnsiColor.Green,
        HealthStatusCode.Progressing or HealthStatusCode.Suspended => AnsiColor.Yellow,
        HealthStatusCode.Degraded or HealthStatusCode.Missing => AnsiColor.Red,
        _ => AnsiColor.None,
    };
}
