using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;
using GitOps.Cluster;
using GitOps.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops dashboard</c>: the controller of <c>gitops controller</c> plus the web dashboard, until Ctrl+C. The
/// dashboard listens on 127.0.0.1 unless <c>--address</c> says otherwise, which needs a token
/// (<c>GITOPS_DASHBOARD_TOKEN</c>, kept off the command line).
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(CliConsole console)
    {
        var flags = new ControllerFlags();
        var cluster = new ClusterFlags();
        var port = new Option<int>("--port") { Description = "The dashboard's port (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var address = new Option<string>("--address") { Description = "The address to listen on; beyond loopback a token is required (GITOPS_DASHBOARD_TOKEN).", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("dashboard", "Run the reconcile loop with the web dashboard until stopped (Ctrl+C).") { port, address };
        flags.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = flags.Settings(parse, reportStatus: false);
            var token = Environment.GetEnvironmentVariable("GITOPS_DASHBOARD_TOKEN");
            if (token is { Length: > 0 })
            {
                console.Secrets.Add(token);
            }

            using var client = await cluster.ConnectAsync(parse, console, cancellationToken);
            await using var host = await ControllerHost.StartAsync(client, settings, console, cancellationToken);
            await using var dashboard = await StartDashboardAsync(host, client, new DashboardOptions
            {
                Address = parse.GetValue(address)!,
                Port = parse.GetValue(port),
                Token = token is { Length: > 0 } ? token : null,
            }, cancellationToken);
            await console.ProgressAsync(ControllerFlags.Describe(settings, host.Loop.Applications.Count));
            await console.Output.WriteLineAsync($"Dashboard: {dashboard.Url}  (Ctrl+C to stop)");
            await console.Output.FlushAsync(cancellationToken);
            await ControllerHost.RunUntilCancelledAsync(cancellationToken);
            await console.ProgressAsync("Stopped.");
            return CliApplication.Success;
        });
        return command;
    }

    /// <summary>The dashboard over a running controller host.</summary>
    public static Task<DashboardServer> StartDashboardAsync(ControllerHost host, ClusterClient client, DashboardOptions options, CancellationToken cancellationToken) =>
        DashboardServer.StartAsync(options, host.Loop, host.Statuses, client, host.Services.GetService<LiveStateCache>(), loggerFactory: null, cancellationToken);
}
