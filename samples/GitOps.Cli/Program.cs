using GitOps.Cli;

// Ctrl+C cancels the running command instead of killing the process, so servers stop cleanly.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await CliApplication.RunAsync(args, Console.Out, Console.Error, cancel.Token);
