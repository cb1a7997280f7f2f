using GitOps.Cli;

// Ctrl+C cancels the running command instead of killing the process, so servers stop cleanly.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var color = GitOps.Cli.Hosting.CliConsole.ShouldColor(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"));
return await CliApplication.RunAsync(args, new GitOps.Cli.Hosting.CliConsole(Console.Out, Console.Error, color), cancel.Token);
