namespace GitOps.Sync;

/// <summary>Keeps each application's sync history, newest last, trimmed to a limit.</summary>
public interface ISyncHistoryStore
{
    /// <summary>Adds an entry, giving it the next id, and trims the oldest beyond <paramref name="limit"/>.</summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="entry">The entry; its <see cref="SyncHistoryEntry.Id"/> is replaced.</param>
    /// <param name="limit">How many entries to keep (Argo CD's revisionHistoryLimit, default 10).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry as stored.</returns>
    Task<SyncHistoryEntry> AddAsync(string applicationName, SyncHistoryEntry entry, int limit = 10, CancellationToken cancellationToken = default);

    /// <summary>The application's history, oldest first.</summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<SyncHistoryEntry>> ListAsync(string applicationName, CancellationToken cancellationToken = default);
}
