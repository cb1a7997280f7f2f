namespace GitOps.Cli.Tests;

/// <summary>Runs the gitops command line in-process and captures what it prints.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Starts a long-running command (controller, dashboard, demo) whose output the test reads while it runs.</summary>
    public static RunningCli Start(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (syncOutput, syncError) = (TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        return new RunningCli(output, error, Task.Run(() => CliApplication.RunAsync(args, syncOutput, syncError, cancellationToken), CancellationToken.None));
    }

    /// <summary>Runs with colour on, as on a terminal.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunColoredAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, new GitOps.Cli.Hosting.CliConsole(output, error, Color: true), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No GitOps.sln above the test folder.");
    }
}
