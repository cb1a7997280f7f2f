using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GitOps.Rendering;

/// <summary>
/// Rendered results by (source, commit SHA, path, renderer, options hash). Concurrent renders of one key share
/// a single render; different keys never wait for each other. The oldest entries go first when full.
/// </summary>
internal sealed class RenderCache
{
    private readonly ConcurrentDictionary<RenderCacheKey, Lazy<Task<RenderResult>>> _entries = new();
    private readonly ConcurrentQueue<RenderCacheKey> _order = new();
    private readonly int _capacity;

    public RenderCache(IOptions<RenderCacheOptions> options)
    {
        _capacity = options.Value.Capacity;
    }

    public int Count => _entries.Count;

    /// <summary>Whether results are kept (and so shared, which obliges callers to hand out copies).</summary>
    public bool IsEnabled => _capacity > 0;

    public async Task<(RenderResult Result, bool Hit)> GetOrRenderAsync(
        RenderCacheKey key, Func<Task<RenderResult>> render)
    {
        if (_capacity == 0)
        {
            return (await render().ConfigureAwait(false), false);
        }

        if (_entries.TryGetValue(key, out var existing))
        {
            return (await AwaitOrForgetAsync(key, existing).ConfigureAwait(false), true);
        }

        var created = new Lazy<Task<RenderResult>>(render, LazyThreadSafetyMode.ExecutionAndPublication);
        var entry = _entries.GetOrAdd(key, created);
        if (ReferenceEquals(entry, created))
        {
            _order.Enqueue(key);
            Trim();
        }

        return (await AwaitOrForgetAsync(key, entry).ConfigureAwait(false), !ReferenceEquals(entry, created));
    }

    public void Clear()
    {
        _entries.Clear();
        _order.Clear();
    }

    private async Task<RenderResult> AwaitOrForgetAsync(RenderCacheKey key, Lazy<Task<RenderResult>> entry)
    {
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            // Failures are not cached: the next request renders again (the tool may have been fixed or the fault transient).
            _entries.TryRemove(new KeyValuePair<RenderCacheKey, Lazy<Task<RenderResult>>>(key, entry));
            throw;
        }
    }

    private void Trim()
    {
        while (_entries.Count > _capacity && _order.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }
    }
}
