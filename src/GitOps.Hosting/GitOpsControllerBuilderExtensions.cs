using GitOps.ApplicationResources;
using GitOps.Applications.Webhooks;
using GitOps.Cluster;
using GitOps.Hosting;
using GitOps.Reconcile;
using GitOps.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitOps;

/// <summary>Registers the hosted GitOps controller.</summary>
public static class GitOpsControllerBuilderExtensions
{
    /// <summary>
    /// Adds the reconciler and loop (<c>AddReconciler</c>, unless added already), <see cref="GitOpsControllerService"/> as
    /// a hosted service, the <see cref="GitWebhookParser"/> used by <c>MapGitOpsWebhooks</c>, and the Application
    /// resource services (<see cref="ApplicationResourceWatcher"/>, <see cref="ApplicationResourceStatusStore"/>,
    /// <see cref="ApplicationEventRecorder"/>). With <see cref="GitOpsControllerOptions.WatchApplicationResources"/>,
    /// statuses go to the resources (replacing the default in-memory status store; a store you registered is kept) and
    /// the sync state store is wrapped so operations show as they run. Needs a <see cref="ClusterClient"/> service.
    /// Options are validated when the host starts. Safe to call more than once; each call's configuration is applied.
    /// </summary>
    /// <param name="builder">The builder from <c>AddGitOps()</c> or <c>AddGitOpsCore()</c>.</param>
    /// <param name="configure">Changes the controller's settings.</param>
    /// <returns>The builder.</returns>
    public static IGitOpsBuilder AddGitOpsController(this IGitOpsBuilder builder, Action<GitOpsControllerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<GitOpsControllerOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(GitOpsControllerService)))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitOpsControllerOptions>, GitOpsControllerOptionsValidator>());
        builder.AddReconciler();
        services.TryAddSingleton(sp => new GitWebhookParser(Options(sp).Webhook));
        services.TryAddSingleton<GitOpsWebhookHandler>();
        services.TryAddSingleton(sp => new ApplicationEventRecorder(
            sp.GetRequiredService<ClusterClient>(), Options(sp).ApplicationResources,
            sp.GetRequiredService<ILogger<ApplicationEventRecorder>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ApplicationResourceStatusStore(
            sp.GetRequiredService<ClusterClient>(), Options(sp).ApplicationResources,
            Options(sp).ApplicationResources.RecordEvents ? sp.GetRequiredService<ApplicationEventRecorder>() : null,
            sp.GetRequiredService<ILogger<ApplicationResourceStatusStore>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ApplicationResourceWatcher(
            sp.GetRequiredService<ClusterClient>(), sp.GetRequiredService<ReconcileLoop>(), sp.GetRequiredService<ApplicationResourceStatusStore>(),
            Options(sp).ApplicationResources, sp.GetRequiredService<ILogger<ApplicationResourceWatcher>>(), sp.GetRequiredService<TimeProvider>()));

        // The default in-memory status store gives way to one that writes to the resources when they are watched.
        var statusStore = services.LastOrDefault(d => d.ServiceType == typeof(IApplicationStatusStore));
        if (statusStore?.ImplementationType == typeof(InMemoryApplicationStatusStore))
        {
            services.Remove(statusStore);
            services.AddSingleton<IApplicationStatusStore>(sp => Options(sp).WatchApplicationResources
                ? sp.GetRequiredService<ApplicationResourceStatusStore>()
                : ActivatorUtilities.CreateInstance<InMemoryApplicationStatusStore>(sp));
        }

        if (services.LastOrDefault(d => d.ServiceType == typeof(ISyncStateStore)) is { } syncStore)
        {
            services.Remove(syncStore);
            services.AddSingleton<ISyncStateStore>(sp =>
            {
                var inner = Create<ISyncStateStore>(sp, syncStore);
                return Options(sp).WatchApplicationResources
                    ? new ApplicationResourceSyncStateStore(inner, sp.GetRequiredService<ApplicationResourceStatusStore>())
                    : inner;
            });
        }

        services.AddSingleton<GitOpsControllerService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<GitOpsControllerService>());
        return builder;
    }

    private static GitOpsControllerOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<GitOpsControllerOptions>>().Value;

    private static T Create<T>(IServiceProvider services, ServiceDescriptor descriptor)
        where T : class =>
        (T)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
