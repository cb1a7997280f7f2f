using System.Diagnostics;

namespace GitOps.Tests.TestSupport;

/// <summary>Finds the reference tools eng/install-tools.sh installs, and runs them without a shell.</summary>
internal static class Tools
{
    /// <summary>The tool's path; ignores the test, saying why, when it is not installed.</summary>
    public static string Find(string name)
    {
        var folders = new[] { Environment.GetEnvironmentVariable("GITOPS_TOOLS_BIN"), RepositoryTools() }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator));
        foreach (var folder in folders.Where(f => !string.IsNullOrEmpty(f)))
        {
            var candidate = Path.Combine(folder!, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Ignore($"{name} is not installed: run eng/install-tools.sh (eng/test.sh does) to run this test.");
        return string.Empty;
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? RepositoryTools()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOps.sln")))
            {
                return Path.Combine(dir.FullName, ".tools", "bin");
            }
        }

        return null;
    }
}
