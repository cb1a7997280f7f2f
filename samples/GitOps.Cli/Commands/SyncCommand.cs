using System.CommandLine;
using System.Diagnostics;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;
using GitOps.Reconcile;
using GitOps.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops sync APP</c>: syncs now, shows each step, then waits for the application to be healthy.</summary>
internal static class SyncCommand
{
    public static Command Create(CliConsole console)
    {
        var prune = new Option<bool>("--prune") { Description = "Delete live resources of the application that Git no longer has." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run every step as a server dry run; change nothing." };
        var force = new Option<bool>("--force") { Description = "Delete and re-create resources whose immutable fields changed." };
        var timeout = DurationOption.Timeout(TimeSpan.FromMinutes(5));
        var flags = new AppCommandFlags();
        var command = new Command("sync", "Sync an application to its target revision now and wait for it to be healthy.") { prune, dryRun, force, timeout };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var session = await OpenAsync(flags, parse, console, cancellationToken);
            var options = new ManualSyncOptions
            {
                Prune = parse.GetValue(prune),
                DryRun = parse.GetValue(dryRun),
                Force = parse.GetValue(force),
                Timeout = parse.GetValue(timeout),
            };
            return await RunAsync(console, session, parse.GetValue(timeout), options.DryRun,
                $"Syncing {session.Application.Name}{(options.Prune ? " with prune" : string.Empty)}{(options.DryRun ? " (dry run)" : string.Empty)}...",
                () => session.Reconciler.SyncNowAsync(session.Application, options, session.Context, cancellationToken), cancellationToken);
        });
        return command;
    }

    /// <summary>Opens a session whose sync engine prints progress and whose history namespace exists.</summary>
    public static async Task<AppSession> OpenAsync(AppCommandFlags flags, ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var session = await flags.OpenAsync(parse, console, cancellationToken,
            services => services.Replace(ServiceDescriptor.Singleton<ISyncStateStore>(new ProgressSyncStateStore(console))));
        await session.EnsureHistoryNamespaceAsync(cancellationToken);
        return session;
    }

    /// <summary>Runs an operation (a sync or a rollback), reports it and waits for health in the time left.</summary>
    public static async Task<int> RunAsync(
        CliConsole console, AppSession session, TimeSpan timeout, bool dryRun, string starting, Func<Task<OperationState>> operation, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await console.ProgressAsync(starting);
        var state = await operation();
        if (!await OperationWaiter.ReportAsync(console, state))
        {
            return CliApplication.Failure;
        }

        if (dryRun)
        {
            return CliApplication.Success;
        }

        var left = timeout - clock.Elapsed;
        return await OperationWaiter.WaitForHealthAsync(console, session, left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken)
            ? CliApplication.Success
            : CliApplication.Failure;
    }
}
