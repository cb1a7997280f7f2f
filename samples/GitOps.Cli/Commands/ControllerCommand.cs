using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops controller --apps DIR | --from-cluster</c>: the reconcile loop, as the SDK's hosted controller, until
/// Ctrl+C. Applications with an automated sync policy are synced; the others are compared and reported. Several
/// replicas in a cluster share applications through Leases when sharding is configured in code.
/// </summary>
internal static class ControllerCommand
{
    public static Command Create(CliConsole console)
    {
        var flags = new ControllerFlags();
        var cluster = new ClusterFlags();
        var command = new Command("controller", "Run the reconcile loop over a folder of Applications or the cluster's Application resources until stopped (Ctrl+C).");
        flags.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = flags.Settings(parse, reportStatus: true);
            using var client = await cluster.ConnectAsync(parse, console, cancellationToken);
            await using var host = await ControllerHost.StartAsync(client, settings, console, cancellationToken);
            await console.ProgressAsync(ControllerFlags.Describe(settings, host.Loop.Applications.Count) + "; press Ctrl+C to stop.");
            await ControllerHost.RunUntilCancelledAsync(cancellationToken);
            await console.ProgressAsync("Stopped.");
            return CliApplication.Success;
        });
        return command;
    }
}
