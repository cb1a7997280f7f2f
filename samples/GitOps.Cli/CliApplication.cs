using System.CommandLine;
using GitOps.Cli.Commands;
using GitOps.Cli.Hosting;

namespace GitOps.Cli;

/// <summary>The gitops command line: builds the command tree and maps failures to exit codes.</summary>
internal static class CliApplication
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for a failed operation (or differences found, for diff --exit-code).</summary>
    public const int Failure = 1;

    /// <summary>Exit code for a usage error: unknown flags, missing arguments.</summary>
    public const int UsageError = 2;

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliConsole(output, error, Color: false), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var (output, error) = (console.Output, console.Error);
        var verbose = new Option<bool>("--verbose") { Description = "Show stack traces of errors.", Recursive = true };
        var root = new RootCommand("gitops: render, diff and sync Kubernetes applications from Git with the GitOps .NET SDK.")
        {
            verbose,
            RenderCommand.Create(console),
            DiffCommand.Create(console),
            SyncCommand.Create(console),
            StatusCommand.Create(console),
            HistoryCommand.Create(console),
            RollbackCommand.Create(console),
            ControllerCommand.Create(console),
            DashboardCommand.Create(console),
            DemoCommand.Create(console),
            EmulatorCommand.Create(output),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            await error.WriteLineAsync("Run 'gitops --help' for usage.");
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("error: cancelled");
            return Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await error.WriteLineAsync(console.Redact(parse.GetValue(verbose) ? $"error: {e}" : $"error: {OneLine(e.Message)}"));
            return Failure;
        }
    }

    // A one-line error: some library messages span lines (tool output, nested causes).
    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
