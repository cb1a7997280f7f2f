using System.Collections.Concurrent;

namespace GitOps.Sync;

/// <summary>Sync history kept in this process's memory.</summary>
public sealed class InMemorySyncHistoryStore : ISyncHistoryStore
{
    private readonly ConcurrentDictionary<string, List<SyncHistoryEntry>> _histories = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<SyncHistoryEntry> AddAsync(string applicationName, SyncHistoryEntry entry, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var history = _histories.GetOrAdd(applicationName, _ => []);
        lock (history)
        {
            var stored = entry with { Id = history.Count == 0 ? 1 : history[^1].Id + 1 };
            history.Add(stored);
            history.RemoveRange(0, Math.Max(0, history.Count - Math.Max(1, limit)));
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SyncHistoryEntry>> ListAsync(string applicationName, CancellationToken cancellationToken = default)
    {
        if (!_histories.TryGetValue(applicationName, out var history))
        {
            return Task.FromResult<IReadOnlyList<SyncHistoryEntry>>([]);
        }

        lock (history)
        {
            return Task.FromResult<IReadOnlyList<SyncHistoryEntry>>([.. history]);
        }
    }
}
