namespace GitOps.Caching;

/// <summary>
/// A thread-safe least-recently-used map whose entries each weigh a number of bytes; adding beyond the budget evicts
/// the least recently used entries. An entry heavier than the whole budget is not kept. A budget of 0 keeps nothing.
/// </summary>
/// <remarks>
/// One lock guards the map and the recency list: every operation is a few pointer moves, far cheaper than the reads
/// and parses the cache spares, so contention stays low even with many readers.
/// </remarks>
internal sealed class ByteBudgetCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();
    private long _bytes;
    private long _hits;
    private long _misses;

    public ByteBudgetCache(long budgetBytes, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
        _entries = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
    }

    public long BudgetBytes { get; }

    /// <summary>The bytes the kept entries weigh; never above <see cref="BudgetBytes"/>.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public bool TryGet(TKey key, out TValue value)
    {
        if (BudgetBytes > 0)
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var node))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    Interlocked.Increment(ref _hits);
                    return true;
                }
            }
        }

        Interlocked.Increment(ref _misses);
        value = default!;
        return false;
    }

    /// <summary>
    /// Adds or replaces an entry, then evicts least recently used entries until the budget holds; returns whether the
    /// entry was kept (it is not when it alone weighs more than the budget).
    /// </summary>
    public bool Set(TKey key, TValue value, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes > BudgetBytes || BudgetBytes == 0)
        {
            return false;
        }

        lock (_lock)
        {
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
                _bytes -= existing.Value.Bytes;
            }

            _entries[key] = _recency.AddFirst(new Entry(key, value, bytes));
            _bytes += bytes;
            while (_bytes > BudgetBytes)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(last.Value.Key);
                _bytes -= last.Value.Bytes;
            }
        }

        return true;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
            _bytes = 0;
        }
    }

    private sealed record Entry(TKey Key, TValue Value, long Bytes);
}
