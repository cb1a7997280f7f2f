using System.Net;
using GitOps.Testing.Api;
using GitOps.Testing.Apply;
using GitOps.Testing.Controllers;
using GitOps.Testing.Faults;
using GitOps.Testing.Diagnostics;
using GitOps.Testing.Hosting;
using GitOps.Testing.Resources;
using GitOps.Testing.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Testing;

/// <summary>
/// An in-process Kubernetes API server for tests: serves discovery, OpenAPI and the verbs of the built-in kinds
/// and of CRDs over HTTP(S) on 127.0.0.1, so kubectl and client libraries work against it as against a cluster.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions(), ct);
/// var kubeconfig = await emulator.WriteKubeconfigAsync(Path.Combine(dir, "kubeconfig"), ct);
/// </code>
/// </example>
public sealed class KubernetesEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly TlsCertificates? _tls;
    private readonly KubernetesEmulatorOptions _options;
    private readonly ControllerManager? _controllers;
    private int _disposed;

    private KubernetesEmulator(WebApplication app, CancellationTokenSource stopping, TlsCertificates? tls, KubernetesEmulatorOptions options, ApiRequestLog log, Uri address, ControllerManager? controllers, FaultRules faults)
    {
        _controllers = controllers;
        Faults = faults;
        _app = app;
        _stopping = stopping;
        _tls = tls;
        _options = options;
        RequestLog = log;
        BaseAddress = address;
    }

    /// <summary>The server URL, such as <c>https://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The PEM of the certificate authority that signed the serving certificate; null without TLS.</summary>
    public string? CertificateAuthorityPem => _tls?.AuthorityPem();

    /// <summary>The requests served and counters per verb and resource.</summary>
    public ApiRequestLog RequestLog { get; }

    /// <summary>Fault rules: latency, throttling, errors, conflicts, dropped connections and closed watches on chosen requests.</summary>
    public FaultRules Faults { get; }

    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public static async Task<KubernetesEmulator> StartAsync(KubernetesEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubernetesEmulatorOptions();
        options.Validate();
        var time = options.TimeProvider ?? TimeProvider.System;
        var tls = options.UseTls ? TlsCertificates.Create(time) : null;
        var stopping = new CancellationTokenSource();
        try
        {
            var store = new ObjectStore(options.WatchHistorySize);
            var registry = new ResourceRegistry(BuiltInResources.All(time, store));
            var service = new ResourceService(store, registry, new FieldManager(time), time);
            foreach (var ns in options.InitialNamespaces)
            {
                var type = registry.Find(string.Empty, "v1", "namespaces")!;
                service.Create(type, string.Empty, new System.Text.Json.Nodes.JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Namespace",
                    ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = ns },
                }, new WriteOptions(false, "kube-apiserver"));
            }

            var log = new ApiRequestLog(options.RequestLogCapacity);
            var faults = new FaultRules(options.FaultSeed);
            var handler = new ApiHandler(registry, service, log, new WatchStreamer(store, options, time, stopping.Token), options, time, faults);

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
                kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
                {
                    if (tls is not null)
                    {
                        listen.Protocols = HttpProtocols.Http1AndHttp2;
                        listen.UseHttps(tls.Serving);
                    }
                    else
                    {
                        listen.Protocols = HttpProtocols.Http1;
                    }
                });
            });
            builder.Services.AddRoutingCore();
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
            var app = builder.Build();
            app.Run(handler.HandleAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)).Port;
            var address = new Uri($"{(tls is null ? "http" : "https")}://127.0.0.1:{port}/");
            var logger = options.LoggerFactory?.CreateLogger("GitOps.Testing.KubernetesEmulator");
            if (logger is not null)
            {
                EmulatorLog.Started(logger, address);
            }

            ControllerManager? controllers = null;
            if (options.Controllers.Enabled)
            {
                controllers = new ControllerManager(
                    new ControllerContext(service, registry, options.Controllers, time),
                    [new DeploymentController(), new ReplicaSetController(), new PodController(), new StatefulSetController(), new DaemonSetController(), new JobController(), new VolumeClaimController(), new LoadBalancerController(), new EndpointsController(), new HorizontalPodAutoscalerController()],
                    options.Controllers,
                    time,
                    (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
                controllers.Start();
            }

            return new KubernetesEmulator(app, stopping, tls, options, log, address, controllers, faults);
        }
        catch
        {
            stopping.Dispose();
            tls?.Dispose();
            throw;
        }
    }

    /// <summary>The kubeconfig YAML for this emulator (server, CA data and token when set), with the given default namespace.</summary>
    /// <param name="defaultNamespace">The context's namespace.</param>
    public string CreateKubeconfig(string defaultNamespace = "default") =>
        KubeconfigWriter.Render(BaseAddress, CertificateAuthorityPem, _options.BearerToken, defaultNamespace);

    /// <summary>Writes the kubeconfig to <paramref name="path"/> (creating its folder) and returns the full path.</summary>
    /// <param name="path">Where to write; usually in a test's temporary folder.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<string> WriteKubeconfigAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, CreateKubeconfig(), cancellationToken).ConfigureAwait(false);
        return full;
    }

    /// <summary>Stops serving: open watches end, new connections are refused.</summary>
    /// <param name="cancellationToken">Cuts the graceful shutdown short.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_controllers is not null)
        {
            await _controllers.DisposeAsync().ConfigureAwait(false);
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _tls?.Dispose();
    }
}
