using System.CommandLine;
using System.Diagnostics;
using GitOps.Cli.Demo;
using GitOps.Cli.Hosting;
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
        var command = new Command("demo", "A guided tour: an emulated cluster, a local Git repository and every command on them, in seconds.") { noDashboard };
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
                await console.Output.WriteLineAsync("The web dashboard is not wired into this build yet; the demo ends here (--no-dashboard skips this note).");
            }

            return CliApplication.Success;
        });
        return command;
    }

    private static async Task Heading(CliConsole console, string text)
    {
        await console.Output.WriteLineAsync(console.Paint(text, AnsiColor.Cyan));
        await console.Output.WriteLineAsync(console.Paint(new string('-', text.Length), AnsiColor.Gray));
    }
}
