using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;
using GitOps.Cli.Output;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops history APP</c>: the application's deployments, kept in the cluster, oldest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliConsole console)
    {
        var format = OutputFormat.Create(OutputFormat.Table, OutputFormat.Table, OutputFormat.Yaml, OutputFormat.Json);
        var flags = new AppCommandFlags();
        var command = new Command("history", "List an application's deployments (the ids rollback takes).") { format };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await flags.OpenAsync(parse, console, cancellationToken);
            var history = await session.HistoryAsync(cancellationToken);
            if (parse.GetValue(format) is OutputFormat.Yaml or OutputFormat.Json)
            {
                await OutputFormat.WriteAsync(console, history, parse.GetValue(format)!);
                return CliApplication.Success;
            }

            if (history.Count == 0)
            {
                await console.Output.WriteLineAsync($"Application {session.Application.Name} has no history yet (history is kept by successful syncs).");
                return CliApplication.Success;
            }

            var table = new Table("ID", "REVISION", "DEPLOYED AT", "RESULT");
            foreach (var entry in history)
            {
                table.Add(entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), OperationWaiter.Short(entry.Revision), entry.FinishedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), entry.Summary);
            }

            await table.WriteAsync(console);
            return CliApplication.Success;
        });
        return command;
    }
}
