using System.Diagnostics;

namespace GitOps.Tests.Sources.Fixtures;

/// <summary>Runs the real <c>git</c> command line, isolated from the user's and the machine's configuration.</summary>
public static class GitCli
{
    /// <summary>Runs git in a folder and returns its trimmed standard output; throws with stderr on failure.</summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Isolate(start.Environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
    }

    /// <summary>The folder holding git's helper programs, such as <c>git-http-backend</c>.</summary>
    public static string ExecPath() => Run(Path.GetTempPath(), "--exec-path");

    /// <summary>Keeps tests independent of the user's git configuration and gives commits a fixed identity.</summary>
    internal static void Isolate(IDictionary<string, string?> environment)
    {
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        environment["GIT_AUTHOR_NAME"] = "GitOps Tests";
        environment["GIT_AUTHOR_EMAIL"] = "tests@gitops.invalid";
        environment["GIT_COMMITTER_NAME"] = "GitOps Tests";
        environment["GIT_COMMITTER_EMAIL"] = "tests@gitops.invalid";
        environment["GIT_TERMINAL_PROMPT"] = "0";
    }
}
