using GitOps.ApplicationResources;
using GitOps.Applications;
using GitOps.Reconcile;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps.Hosting;

/// <summary>
/// Runs the <see cref="ReconcileLoop"/> for the life of the host: loads <see cref="GitOpsControllerOptions.ApplicationsDirectory"/>
/// first (failing the start when a manifest has errors), and with <see cref="GitOpsControllerOptions.WatchApplicationResources"/>
/// runs the <see cref="ApplicationResourceWatcher"/> beside it. Registered by <c>AddGitOpsController</c>.
/// </summary>
public sealed partial class GitOpsControllerService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly GitOpsControllerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="services">Resolves the loop and, when watching resources, the watcher.</param>
    /// <param name="options">Settings.</param>
    /// <param name="logger">The logger.</param>
    public GitOpsControllerService(IServiceProvider services, IOptions<GitOpsControllerOptions> options, ILogger<GitOpsControllerService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The loop this service runs.</summary>
    public ReconcileLoop Loop => _services.GetRequiredService<ReconcileLoop>();

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.ApplicationsDirectory is { } directory)
        {
            var result = await Loop.LoadDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in result.Diagnostics)
            {
                var text = diagnostic.ToString();
                LogDiagnostic(_logger, diagnostic.Severity == ApplicationDiagnosticSeverity.Error ? LogLevel.Error : LogLevel.Warning, text);
            }

            if (result.HasErrors)
            {
                throw new InvalidOperationException(
                    $"The applications in '{directory}' have errors:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
            }

            LogLoaded(_logger, result.Applications.Count, directory);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loop = Loop;
        var tasks = new List<Task> { loop.RunAsync(stoppingToken) };
        if (_options.WatchApplicationResources)
        {
            tasks.Add(_services.GetRequiredService<ApplicationResourceWatcher>().RunAsync(stoppingToken));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    [LoggerMessage(Message = "{Diagnostic}")]
    private static partial void LogDiagnostic(ILogger logger, LogLevel level, string diagnostic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} application(s) from {Directory}")]
    private static partial void LogLoaded(ILogger logger, int count, string directory);
}
