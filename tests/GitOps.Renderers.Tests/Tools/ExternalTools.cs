using System.Diagnostics;
using System.Text;
using GitOps.Manifests;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Tools;

/// <summary>Finds the real programs for the tests (GITOPS_TOOLS_BIN, then PATH) and runs them directly as oracles.</summary>
internal static class ExternalTools
{
    public static string? ToolsBin => Environment.GetEnvironmentVariable("GITOPS_TOOLS_BIN") is { Length: > 0 } bin ? bin : null;

    public static string? Find(string name) =>
        new[] { ToolsBin }.Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            .Where(d => !string.IsNullOrEmpty(d))
            .Select(d => Path.Combine(d!, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The program's path, or the test is ignored with the reason.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw new IgnoreException(
            $"{name} was not found in GITOPS_TOOLS_BIN or on PATH; run eng/install-tools.sh (helm and kubectl) or install {name}, then set GITOPS_TOOLS_BIN");

    /// <summary>Writes an executable POSIX shell script, a stand-in tool.</summary>
    public static string WriteScript(GitOps.Tests.TestSupport.TempDirectory directory, string relativePath, string body)
    {
        var path = directory.Write(relativePath, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>A service provider with the built-in renderers, finding programs in GITOPS_TOOLS_BIN first.</summary>
    public static ServiceProvider Services(Action<IGitOpsBuilder>? configure = null, Action<ExternalToolSettings>? tools = null)
    {
        var services = new ServiceCollection();
        services.AddGitOps(b =>
        {
            b.ConfigureExternalTools(s =>
            {
                if (ToolsBin is { } bin)
                {
                    s.SearchDirectories.Add(bin);
                }

                tools?.Invoke(s);
            });
            configure?.Invoke(b);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Runs a program directly and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string program, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var home = System.IO.Directory.CreateTempSubdirectory("gitops-oracle-home-").FullName;
        info.Environment["HOME"] = home;
        info.Environment["HELM_CACHE_HOME"] = Path.Combine(home, "cache");
        info.Environment["HELM_CONFIG_HOME"] = Path.Combine(home, "config");
        info.Environment["HELM_DATA_HOME"] = Path.Combine(home, "data");
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed: {stderr}");
            return stdout.Result;
        }
        finally
        {
            System.IO.Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>The objects of a YAML stream, as compact JSON strings, for comparing a render with an oracle's output.</summary>
    public static string[] Canonical(string yaml) =>
        ManifestReader.Default.Read(Encoding.UTF8.GetBytes(yaml), "oracle").Select(o => o.Root.ToJsonString()).ToArray();

    public static string[] Canonical(RenderResult result) => result.Objects.Select(o => o.Root.ToJsonString()).ToArray();

    public static async Task<RenderResult> RenderAsync(
        ServiceProvider services, ISourceTree source, string path, RendererOptions? options = null, RenderContext? context = null) =>
        await services.GetRequiredService<IManifestRenderService>().RenderAsync(new RenderRequest
        {
            Source = source,
            Path = path,
            Options = options,
            Context = context ?? new RenderContext { ApplicationName = "demo", Namespace = "apps" },
        });
}
