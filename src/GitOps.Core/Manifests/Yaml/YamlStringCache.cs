namespace GitOps.Manifests.Yaml;

/// <summary>
/// Shares the mapping keys that recur across documents (<c>apiVersion</c>, <c>name</c>, <c>labels</c>), so that the
/// fast path checks and writes each key without making a new string of it every time. Not thread-safe: one cache per
/// parser, and one parser per thread.
/// </summary>
internal sealed class YamlStringCache
{
    /// <summary>Longer strings are rarely repeated; caching them would only grow the table.</summary>
    private const int MaxCachedLength = 48;

    /// <summary>Bounds the table for streams of mostly unique values; past it strings are allocated as usual.</summary>
    private const int MaxEntries = 16 * 1024;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public YamlStringCache()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many strings are cached.</summary>
    public int Count => _strings.Count;

    /// <summary>The cached string equal to <paramref name="text"/>, or a new one (cached when there is room).</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxCachedLength)
        {
            return text.ToString();
        }

        if (_lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var created = text.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(created);
        }

        return created;
    }
}
