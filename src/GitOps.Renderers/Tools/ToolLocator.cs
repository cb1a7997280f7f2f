using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GitOps.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Tools;

/// <summary>
/// Finds the external programs (configured path, then <see cref="ExternalToolSettings.SearchDirectories"/>, then PATH)
/// and checks their versions once per process.
/// </summary>
internal sealed partial class ToolLocator
{
    private readonly ExternalToolSettings _settings;
    private readonly ToolRunner _runner;
    private readonly ConcurrentDictionary<ExternalTool, Lazy<Task<LocatedTool>>> _found = new();
    private readonly ILogger<ToolLocator> _logger;

    public ToolLocator(IOptions<ExternalToolSettings> settings, ToolRunner runner, ILogger<ToolLocator>? logger = null)
    {
        _settings = settings.Value;
        _runner = runner;
        _logger = logger ?? NullLogger<ToolLocator>.Instance;
    }

    /// <summary>The lowest version of each program the renderers work with.</summary>
    public static Version MinimumVersion(ExternalTool tool) => tool switch
    {
        ExternalTool.Helm => new Version(3, 8, 0),
        ExternalTool.Kubectl => new Version(1, 27, 0),
        ExternalTool.Kustomize => new Version(5, 0, 0),
        ExternalTool.Jsonnet => new Version(0, 18, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(tool)),
    };

    public static string DisplayName(ExternalTool tool) => tool switch
    {
        ExternalTool.Helm => "helm",
        ExternalTool.Kubectl => "kubectl",
        ExternalTool.Kustomize => "kustomize",
        ExternalTool.Jsonnet => "jsonnet",
        _ => tool.ToString(),
    };

    /// <summary>Whether kustomizations are built by a standalone kustomize rather than kubectl.</summary>
    public bool UsesStandaloneKustomize => _settings.KustomizePath is not null;

    /// <summary>Finds and checks a program; a failure is not remembered, so installing the tool later helps.</summary>
    /// <exception cref="RenderException">The program is missing, does not run, or is too old.</exception>
    public async Task<LocatedTool> LocateAsync(ExternalTool tool, CancellationToken cancellationToken)
    {
        var lazy = _found.GetOrAdd(tool, t => new Lazy<Task<LocatedTool>>(() => FindAsync(t)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RenderException)
        {
            _found.TryRemove(new KeyValuePair<ExternalTool, Lazy<Task<LocatedTool>>>(tool, lazy));
            throw;
        }
    }

    private async Task<LocatedTool> FindAsync(ExternalTool tool)
    {
        var name = DisplayName(tool);
        var configured = tool switch
        {
            ExternalTool.Helm => _settings.HelmPath,
            ExternalTool.Kubectl => _settings.KubectlPath,
            ExternalTool.Kustomize => _settings.KustomizePath,
            _ => _settings.JsonnetPath,
        };

        string path;
        if (configured is not null)
        {
            path = File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new RenderException($"The configured {name} program '{configured}' does not exist. {HowToGet(tool)}");
        }
        else
        {
            path = Search(name) ?? throw new RenderException(
                $"The {name} program was not found in ExternalToolSettings.SearchDirectories or on PATH. {HowToGet(tool)}");
        }

        var arguments = tool switch
        {
            ExternalTool.Helm => new[] { "version", "--short" },
            ExternalTool.Kubectl => ["version", "--client"],
            ExternalTool.Kustomize => ["version"],
            _ => ["--version"],
        };
        var result = await _runner.RunAsync(
            new ToolCommand(tool, path, arguments, Path.GetTempPath()), CancellationToken.None).ConfigureAwait(false);
        var output = Encoding.UTF8.GetString(result.Stdout) + "\n" + result.Stderr;
        var match = VersionPattern().Match(output);
        if (result.ExitCode != 0 || !match.Success)
        {
            throw new RenderException(
                $"Could not read the version of {name} at '{path}' (exit code {result.ExitCode}): {Trim(output)}. {HowToGet(tool)}");
        }

        var version = new Version(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
        if (version < MinimumVersion(tool))
        {
            throw new RenderException(
                $"{name} at '{path}' is version {version}, older than the {MinimumVersion(tool)} the renderer needs. {HowToGet(tool)}");
        }

        LogFound(_logger, tool, version, path);
        return new LocatedTool(tool, path, version);
    }

    private string? Search(string name)
    {
        var directories = _settings.SearchDirectories
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name } : [name];
        foreach (var directory in directories)
        {
            foreach (var candidate in names)
            {
                var full = Path.Combine(directory, candidate);
                if (File.Exists(full))
                {
                    return Path.GetFullPath(full);
                }
            }
        }

        return null;
    }

    private static string HowToGet(ExternalTool tool) => tool switch
    {
        ExternalTool.Helm => "Install Helm 3.8 or later (https://helm.sh/docs/intro/install/) and put it on PATH or set ExternalToolSettings.HelmPath.",
        ExternalTool.Kubectl => "Install kubectl 1.27 or later (https://kubernetes.io/docs/tasks/tools/) and put it on PATH or set ExternalToolSettings.KubectlPath, or set ExternalToolSettings.KustomizePath to a kustomize 5 program.",
        ExternalTool.Kustomize => "Install kustomize 5 or later (https://kubectl.docs.kubernetes.io/installation/kustomize/) or unset ExternalToolSettings.KustomizePath to use kubectl kustomize.",
        _ => "Install jsonnet 0.18 or later (the C++ or Go implementation, https://jsonnet.org) and put it on PATH or set ExternalToolSettings.JsonnetPath.",
    };

    private static string Trim(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 300 ? trimmed[..300] + "…" : trimmed;
    }

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Using {Tool} {Version} at {Path}")]
    private static partial void LogFound(ILogger logger, ExternalTool tool, Version version, string path);

    [GeneratedRegex(@"v?(\d+)\.(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();
}
