using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOps.Tests.Manifests;

/// <summary>
/// Runs the real kubectl, offline, as the reference reader: <c>kubectl annotate --local -f FILE -o json</c> prints
/// each object kubectl read from the file, lists flattened. The marker annotation it adds is removed again.
/// </summary>
internal static class KubectlOracle
{
    private const string Marker = "gitops-oracle";

    /// <summary>The kubectl program from GITOPS_TOOLS_BIN or PATH, or null when there is none.</summary>
    public static string? Find() => FindTool("kubectl");

    /// <summary>A program from GITOPS_TOOLS_BIN or PATH, or null when there is none.</summary>
    public static string? FindTool(string tool)
    {
        var toolsBin = Environment.GetEnvironmentVariable("GITOPS_TOOLS_BIN");
        var folders = new List<string>();
        if (!string.IsNullOrEmpty(toolsBin))
        {
            folders.Add(toolsBin);
        }

        folders.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var name = OperatingSystem.IsWindows() ? tool + ".exe" : tool;
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>The kubectl program, or an ignored test saying why there is none.</summary>
    public static string Require() =>
        Find() ?? throw new IgnoreException("kubectl was not found in GITOPS_TOOLS_BIN or PATH; run eng/install-tools.sh to install it");

    /// <summary>Runs a program in a folder and returns its output; fails the test when it fails.</summary>
    public static string Run(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {stderr.Result}");
        return output;
    }

    /// <summary>The client's minor version (33 for 1.33), or 0 when it cannot be told.</summary>
    public static int MinorVersion(string kubectl)
    {
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "version", "--client", "-o", "json" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var minor = JsonNode.Parse(output)?["clientVersion"]?["minor"]?.GetValue<string>() ?? "0";
        return int.TryParse(new string(minor.TakeWhile(char.IsAsciiDigit).ToArray()), out var value) ? value : 0;
    }

    /// <summary>What kubectl made of a file: the objects, or the error text when it failed.</summary>
    public static (IReadOnlyList<JsonObject>? Objects, string Error) Read(string kubectl, string file)
    {
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "annotate", "--local", "-f", file, $"{Marker}=x", "-o", "json" })
        {
            start.ArgumentList.Add(argument);
        }

        // No cluster is needed or wanted.
        start.Environment["KUBECONFIG"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            return (null, stderr.Result);
        }

        return (ParseConcatenated(stdout), string.Empty);
    }

    private static List<JsonObject> ParseConcatenated(string json)
    {
        var result = new List<JsonObject>();
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 1000 });
        while (reader.Read())
        {
            var node = (JsonObject)JsonNode.Parse(ref reader)!;
            RemoveMarker(node);
            result.Add(node);
        }

        return result;
    }

    private static void RemoveMarker(JsonObject node)
    {
        if (node["metadata"] is JsonObject metadata && metadata["annotations"] is JsonObject annotations)
        {
            annotations.Remove(Marker);
            if (annotations.Count == 0)
            {
                metadata.Remove("annotations");
            }
        }
    }
}
