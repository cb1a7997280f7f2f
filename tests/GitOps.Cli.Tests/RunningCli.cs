using System.Text.RegularExpressions;

namespace GitOps.Cli.Tests;

/// <summary>A command running in-process: its output so far, and its exit code when it ends.</summary>
internal sealed class RunningCli(StringWriter output, StringWriter error, Task<int> exit)
{
    public Task<int> Exit => exit;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Waits until the output (stdout, then stderr) matches <paramref name="pattern"/> and returns the first group, failing the test after 60 s.</summary>
    public async Task<string> WaitForAsync(string pattern)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (Regex.Match(Output + "\n" + Error, pattern) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            if (exit.IsCompleted)
            {
                break;
            }
        }

        Assert.Fail($"The output never matched {pattern}.\nstdout:\n{Output}\nstderr:\n{Error}");
        return string.Empty;
    }
}
