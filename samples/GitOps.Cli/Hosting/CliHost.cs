using GitOps.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Cli.Hosting;

/// <summary>
/// The SDK wired for one command: renderers, the reconciler and, when a cluster is given, its client. Git repositories
/// are cached in a folder of this invocation only (the cache wants one process per folder), deleted on dispose.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private readonly string _cacheDirectory;

    private CliHost(ServiceProvider services, string cacheDirectory)
    {
        Services = services;
        _cacheDirectory = cacheDirectory;
    }

    public ServiceProvider Services { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Builds the services; <paramref name="configure"/> adds or replaces some (a cluster client, stores).</summary>
    public static CliHost Create(Action<IServiceCollection>? configure = null)
    {
        var cache = Path.Combine(Path.GetTempPath(), "gitops-cli-" + Guid.NewGuid().ToString("N")[..12]);
        var services = new ServiceCollection();
        services.AddGitOps()
            .ConfigureGit(o => o.CacheDirectory = cache)
            .AddReconciler();
        configure?.Invoke(services);
        return new CliHost(services.BuildServiceProvider(), cache);
    }

    /// <summary>Builds the services for a cluster.</summary>
    public static CliHost Create(ClusterClient cluster, Action<IServiceCollection>? configure = null) =>
        Create(services =>
        {
            services.AddSingleton(cluster);
            configure?.Invoke(services);
        });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        try
        {
            if (Directory.Exists(_cacheDirectory))
            {
                Directory.Delete(_cacheDirectory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover cache folder in the temporary folder is harmless; don't fail the command for it.
        }
    }
}
