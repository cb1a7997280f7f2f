using System.Diagnostics;
using GitOps.Diagnostics;
using GitOps.Sources;
using Microsoft.Extensions.Logging;

namespace GitOps.Rendering;

/// <summary>The default <see cref="IManifestRenderService"/>.</summary>
internal sealed partial class ManifestRenderService : IManifestRenderService
{
    private readonly RendererRegistry _registry;
    private readonly RenderCache _cache;
    private readonly ILogger<ManifestRenderService> _logger;
    private readonly TimeProvider _time;

    public ManifestRenderService(RendererRegistry registry, RenderCache cache, ILogger<ManifestRenderService> logger, TimeProvider time)
    {
        _registry = registry;
        _cache = cache;
        _logger = logger;
        _time = time;
    }

    public async ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path;
        try
        {
            path = SourcePath.Normalize(request.Path);
        }
        catch (SourcePathException e)
        {
            throw new RenderException($"Invalid application path: {e.Message}", e);
        }

        var rendererName = request.Options?.RendererName ?? RendererRegistry.Detect(request.Source, path);
        var renderer = _registry.Get(rendererName);
        var normalized = request with { Path = path };

        using var activity = GitOpsTelemetry.ActivitySource.StartActivity("gitops.render");
        activity?.SetTag("gitops.renderer", renderer.Name);
        activity?.SetTag("gitops.path", path);
        var started = _time.GetTimestamp();

        RenderResult result;
        var key = RenderCacheKey.TryCreate(normalized, renderer.Name, path);
        if (key is { } cacheKey)
        {
            // The shared render runs without the caller's token: one caller giving up must not fail the others
            // waiting on the same entry. Each caller still stops waiting when its own token fires.
            var (cached, hit) = await _cache
                .GetOrRenderAsync(cacheKey, () => renderer.RenderAsync(normalized, CancellationToken.None).AsTask())
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            GitOpsTelemetry.RenderCacheLookups.Add(1, new KeyValuePair<string, object?>("hit", hit));
            LogRendered(_logger, renderer.Name, path, cacheKey.Revision, hit);
            // A kept result is shared by later callers, so each caller gets its own copy; with the cache off the
            // result is this caller's alone and copying 5,000 objects would only cost time.
            result = _cache.IsEnabled ? cached.Clone(fromCache: hit) : cached;
        }
        else
        {
            result = await renderer.RenderAsync(normalized, cancellationToken).ConfigureAwait(false);
            LogRendered(_logger, renderer.Name, path, "(directory)", false);
        }

        var elapsed = _time.GetElapsedTime(started);
        GitOpsTelemetry.RenderDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("renderer", renderer.Name));
        activity?.SetTag("gitops.objects", result.Objects.Count);
        activity?.SetStatus(ActivityStatusCode.Ok);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rendered {Path} with {Renderer} at {Revision} (cache hit: {Hit})")]
    private static partial void LogRendered(ILogger logger, string renderer, string path, string revision, bool hit);
}
