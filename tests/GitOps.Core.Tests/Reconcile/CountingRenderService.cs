using GitOps.Rendering;

namespace GitOps.Tests.Reconcile;

/// <summary>Passes renders to the real render service and counts them, and how many missed its cache.</summary>
internal sealed class CountingRenderService(ManifestRenderService inner) : IManifestRenderService
{
    private int _calls;
    private int _misses;

    public int Calls => _calls;

    public int Misses => _misses;

    public async ValueTask<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var result = await inner.RenderAsync(request, cancellationToken);
        if (!result.FromCache)
        {
            Interlocked.Increment(ref _misses);
        }

        return result;
    }
}
