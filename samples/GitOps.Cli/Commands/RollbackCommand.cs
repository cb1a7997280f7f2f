using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops rollback APP ID</c>: syncs exactly the revision of a history entry.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliConsole console)
    {
        var timeout = DurationOption.Timeout(TimeSpan.FromMinutes(5));
        var flags = new AppCommandFlags(withId: true);
        var command = new Command("rollback", "Roll an application back to a history entry's revision (automated sync must be off).") { timeout };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await SyncCommand.OpenAsync(flags, parse, console, cancellationToken);
            var entry = flags.Application.Id(parse);
            return await SyncCommand.RunAsync(console, session, parse.GetValue(timeout), dryRun: false,
                $"Rolling {session.Application.Name} back to history entry {entry}...",
                () => session.Reconciler.RollbackAsync(session.Application, entry, session.Context, cancellationToken), cancellationToken);
        });
        return command;
    }
}
