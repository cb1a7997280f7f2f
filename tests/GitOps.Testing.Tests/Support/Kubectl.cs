using System.Diagnostics;

namespace GitOps.Testing.Tests.Support;

/// <summary>Runs the real kubectl (from GITOPS_TOOLS_BIN or PATH) against an emulator's kubeconfig.</summary>
internal sealed class Kubectl
{
    private readonly string _executable;
    private readonly string _kubeconfig;
    private readonly string _cacheDir;

    /// <summary>A runner for another tool (such as helm) taking the same --kubeconfig flag, or Assert.Ignore when missing.</summary>
    public static Kubectl ForTool(string name, string kubeconfig, string workDir)
    {
        var exe = FindTool(name);
        if (exe is null)
        {
            Assert.Ignore($"{name} is not installed: run eng/install-tools.sh or put {name} on PATH (or set GITOPS_TOOLS_BIN)");
        }

        return new Kubectl(exe!, kubeconfig, string.Empty);
    }

    private Kubectl(string executable, string kubeconfig, string cacheDir)
    {
        _executable = executable;
        _kubeconfig = kubeconfig;
        _cacheDir = cacheDir;
    }

    /// <summary>The kubectl executable, or null when it is not installed.</summary>
    public static string? Find() => FindTool("kubectl");

    /// <summary>A reference tool (kubectl, helm) from GITOPS_TOOLS_BIN, the repository's .tools/bin, or PATH.</summary>
    public static string? FindTool(string name)
    {
        var dirs = new List<string>();
        if (Environment.GetEnvironmentVariable("GITOPS_TOOLS_BIN") is { Length: > 0 } bin)
        {
            dirs.Add(bin);
        }

        // The repository's own tool folder, where eng/install-tools.sh puts kubectl.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOps.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is not null)
        {
            dirs.Add(Path.Combine(dir.FullName, ".tools", "bin"));
        }

        dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>A runner for the emulator, or Assert.Ignore when kubectl is missing.</summary>
    public static Kubectl For(string kubeconfig, string workDir)
    {
        var exe = Find();
        if (exe is null)
        {
            Assert.Ignore("kubectl is not installed: run eng/install-tools.sh or put kubectl on PATH (or set GITOPS_TOOLS_BIN)");
        }

        return new Kubectl(exe!, kubeconfig, Path.Combine(workDir, "kube-cache"));
    }

    public Task<KubectlResult> RunWithInputAsync(string stdin, params string[] args) =>
        RunWithEnvironmentAsync(stdin, new Dictionary<string, string>(), args);

    /// <summary>Runs kubectl with extra environment variables (EDITOR for `kubectl edit`, say).</summary>
    public async Task<KubectlResult> RunWithEnvironmentAsync(string stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(_kubeconfig);
        if (_cacheDir.Length > 0)
        {
            info.ArgumentList.Add("--cache-dir");
            info.ArgumentList.Add(_cacheDir);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECTL_INTERACTIVE_DELETE"] = "false";
        info.Environment["HOME"] = Path.GetDirectoryName(_kubeconfig);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunWithInputAsync(string.Empty, args);

    /// <summary>Runs kubectl and fails the test with its output unless it exits 0.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', args)} failed:\n{result.Stderr}\n{result.Stdout}");
        return result.Stdout;
    }

    public async Task<string> OkWithInputAsync(string stdin, params string[] args)
    {
        var result = await RunWithInputAsync(stdin, args);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl {string.Join(' ', args)} failed:\n{result.Stderr}\n{result.Stdout}");
        return result.Stdout;
    }
}
