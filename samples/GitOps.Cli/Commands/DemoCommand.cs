using System.CommandLine;
using System.Diagnostics;
using GitOps.Cli.Demo;
using GitOps.Cli.Hosting;
using GitOps.Cluster;
using GitOps.Dashboard;
using GitOps.Testing;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops demo</c>: the quickstart. Starts the embedded Kubernetes API emulator, makes a Git repository with the
/// guestbook sample in three commits, then runs the real commands on them: render, diff, sync, review a change,
/// prune, status, history and rollback. Needs nothing but .NET: no cluster, no git, no helm or kubectl.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Exit after the walkthrough instead of starting the web dashboard." };
        var port = new Option<int>("--port") { Description = "The dashboard's port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "A guided tour: an emulated cluster, a local Git repository and every command on them, in seconds.") { noDashboard, port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            await Heading(console, "GitOps .NET demo");
            await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions(), cancellationToken);
            using var repository = DemoRepository.Create();
            await console.Output.WriteLineAsync($"A Kubernetes API emulator is running in this process at {emulator.BaseAddress}");
            await console.Output.WriteLineAsync($"A Git repository with the guestbook sample, committed three times, is at {repository.Path}:");
            await console.Output.WriteLineAsync("  v1  deploy the guestbook: a Deployment, a Service and two ConfigMaps");
            await console.Output.WriteLineAsync("  v2  scale it to 3 replicas and change its greeting");
            await console.Output.WriteLineAsync("  v3  remove the feature flags ConfigMap");
            await console.Output.WriteLineAsync();
            await console.Output.WriteLineAsync("The commands below are the ones you can type yourself, with:");
            await console.Output.WriteLineAsync(console.Paint($"  REPO={repository.Url}", AnsiColor.Gray));
            await console.Output.WriteLineAsync(console.Paint($"  APP=\"--repo $REPO --path {DemoRepository.AppPath} --name guestbook\"", AnsiColor.Gray));
            await console.Output.WriteLineAsync(console.Paint($"  CLUSTER=\"--server {emulator.BaseAddress}\"", AnsiColor.Gray));

            var app = new[] { "--repo", repository.Url, "--path", DemoRepository.AppPath, "--name", "guestbook" };
            var cluster = new[] { "--server", emulator.BaseAddress.ToString() };
            var steps = new (string Title, string Shown, string[] Args)[]
            {
                ("Render the manifests of v1", "render --repo $REPO --revision v1 --path guestbook",
                    ["render", "--repo", repository.Url, "--revision", "v1", "--path", DemoRepository.AppPath]),
                ("Diff v1 against the empty cluster: everything is missing", "diff $APP --revision v1 $CLUSTER", ["diff", .. app, "--revision", "v1", .. cluster]),
                ("Sync v1, then wait until it is healthy", "sync $APP --revision v1 $CLUSTER", ["sync", .. app, "--revision", "v1", .. cluster]),
                ("Review the change from v1 to v2 before it ships: no cluster needed", "diff $APP --revision v2 --base-revision v1",
                    ["diff", .. app, "--revision", "v2", "--base-revision", "v1"]),
                ("Sync v2", "sync $APP --revision v2 $CLUSTER", ["sync", .. app, "--revision", "v2", .. cluster]),
                ("Sync v3 with --prune: the removed ConfigMap goes", "sync $APP --revision v3 --prune $CLUSTER", ["sync", .. app, "--revision", "v3", "--prune", .. cluster]),
                ("Status: in sync and healthy", "status $APP --revision v3 $CLUSTER", ["status", .. app, "--revision", "v3", .. cluster]),
                ("History, kept in the cluster", "history $APP $CLUSTER", ["history", .. app, .. cluster]),
                ("Roll back to history entry 1 (v1)", "rollback $APP 1 $CLUSTER", ["rollback", .. app, .. cluster, "1"]),
                ("Status after the rollback: v1 is live, so v3 shows as out of sync", "status $APP --revision v3 $CLUSTER", ["status", .. app, "--revision", "v3", .. cluster]),
            };

            for (var i = 0; i < steps.Length; i++)
            {
                var (title, shown, args) = steps[i];
                await console.Output.WriteLineAsync();
                await Heading(console, $"Step {i + 1}/{steps.Length}: {title}");
                await console.Output.WriteLineAsync(console.Paint("$ gitops " + shown, AnsiColor.Cyan));
                await console.Output.FlushAsync(cancellationToken);
                var code = await CliApplication.RunAsync(args, console, cancellationToken);
                if (code != CliApplication.Success)
                {
                    throw new InvalidOperationException($"Demo step {i + 1} ({title}) failed with exit code {code}.");
                }
            }

            await console.Output.WriteLineAsync();
            await console.Output.WriteLineAsync(console.Paint($"Done in {clock.Elapsed.TotalSeconds:0.0} s.", AnsiColor.Green) + " Next: docs/cli.md, or 'gitops --help'.");
            if (!parse.GetValue(noDashboard))
            {
                await RunDashboardAsync(console, emulator, repository, parse.GetValue(port), cancellationToken);
            }

            return CliApplication.Success;
        });
        return command;
    }

    // The last step: the controller and the dashboard over the same cluster and repository, until Ctrl+C. The
    // Application follows main (v3) with a manual sync policy, so after the rollback it shows OutOfSync with its diff.
    private static async Task RunDashboardAsync(CliConsole console, KubernetesEmulator emulator, DemoRepository repository, int port, CancellationToken cancellationToken)
    {
        await console.Output.WriteLineAsync();
        await Heading(console, "The web dashboard");
        var apps = Directory.CreateDirectory(System.IO.Path.Combine(repository.Folder, "applications"));
        await File.WriteAllTextAsync(System.IO.Path.Combine(apps.FullName, "guestbook.yaml"), $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: guestbook
            spec:
              project: default
              source:
                repoURL: {repository.Url}
                targetRevision: main
                path: {DemoRepository.AppPath}
              destination:
                server: https://kubernetes.default.svc
                namespace: default
            """, cancellationToken);
        using var client = new ClusterClient(new ClusterConnectionOptions { Server = emulator.BaseAddress });
        var settings = new ControllerSettings { Apps = apps, PollInterval = TimeSpan.FromSeconds(30), ReportStatus = false };
        await using var host = await ControllerHost.StartAsync(client, settings, console, cancellationToken);
        await using var dashboard = await DashboardCommand.StartDashboardAsync(host, client, new DashboardOptions { Port = port }, cancellationToken);
        await console.Output.WriteLineAsync("The reconcile loop now watches the guestbook Application (main, manual sync). It is out of sync");
        await console.Output.WriteLineAsync("after the rollback: open the dashboard, look at the diff, press Sync, and watch it turn Synced and Healthy.");
        await console.Output.WriteLineAsync(console.Paint($"Dashboard: {dashboard.Url}", AnsiColor.Green) + "  (Ctrl+C to stop)");
        await console.Output.FlushAsync(cancellationToken);
        await ControllerHost.RunUntilCancelledAsync(cancellationToken);
    }

    private static async Task Heading(CliConsole console, string text)
    {
        await console.Output.WriteLineAsync(console.Paint(text, AnsiColor.Cyan));
        await console.Output.WriteLineAsync(console.Paint(new string('-', text.Length), AnsiColor.Gray));
    }
}
