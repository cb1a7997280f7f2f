using System.Net;
using GitOps.Cluster;
using GitOps.Dashboard.Actions;
using GitOps.Dashboard.Assets;
using GitOps.Dashboard.Live;
using GitOps.Dashboard.Pages;
using GitOps.Dashboard.Security;
using GitOps.Reconcile;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Dashboard;

/// <summary>
/// The dashboard's web server, running: start it with <see cref="StartAsync"/>, open <see cref="Url"/>, stop it by
/// disposing. It shows the applications of a <see cref="ReconcileLoop"/> and their status from an
/// <see cref="IApplicationStatusStore"/>, and runs syncs, rollbacks and refreshes through the loop.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address the dashboard answers on, such as <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts the dashboard; it serves until disposed.</summary>
    /// <param name="options">Where to listen and how to authenticate; validated here.</param>
    /// <param name="loop">The loop whose applications are shown and which runs the actions (it should be running).</param>
    /// <param name="statuses">The status store the loop's reconciler publishes to; live updates need an <see cref="IObservableApplicationStatusStore"/>, other stores are polled.</param>
    /// <param name="cluster">The destination cluster, read for the resource trees.</param>
    /// <param name="liveState">A watched cache of the cluster to read trees from instead of listing, if any.</param>
    /// <param name="loggerFactory">Where the web server logs; nothing is logged without one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running dashboard.</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message names the field), for example a non-loopback address without a token.</exception>
    public static async Task<DashboardServer> StartAsync(
        DashboardOptions options, ReconcileLoop loop, IApplicationStatusStore statuses, ClusterClient cluster,
        LiveStateCache? liveState = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(cluster);
        var address = DashboardOptionsValidator.Validate(options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, options.Port);
        });
        // Tokens need not outlive the process: keys stay in memory and nothing is written to disk.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(a =>
        {
            a.HeaderName = CsrfHeader;
            a.Cookie.Name = "gitops-dashboard-csrf";
            a.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
        });
        builder.Services.AddSingleton(new DashboardContext(options, loop, statuses, cluster, liveState));
        builder.Services.AddSingleton<OperationFeed>();

        var app = builder.Build();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<TokenAuthenticationMiddleware>();
        AssetEndpoints.Map(app);
        LoginEndpoints.Map(app);
        PageEndpoints.Map(app);
        ActionEndpoints.Map(app);
        StatusEventsEndpoint.Map(app);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new UriBuilder(bound) { Host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString() };
        if (IPAddress.Any.Equals(address) || IPAddress.IPv6Any.Equals(address))
        {
            // Listening on all addresses: the loopback one is the address that surely answers here.
            url.Host = "127.0.0.1";
        }

        return new DashboardServer(app, url.Uri);
    }

    /// <summary>The header that carries the anti-forgery token of fetch requests.</summary>
    internal const string CsrfHeader = "X-CSRF-TOKEN";

    /// <summary>Stops the server: open live-update streams end, running actions are cancelled after the shutdown timeout.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
