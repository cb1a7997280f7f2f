using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace GitOps.Reconcile;

/// <summary>Keeps application status in memory; the default store. Watchers see each status as it is saved.</summary>
public sealed class InMemoryApplicationStatusStore : IObservableApplicationStatusStore
{
    // How many unread statuses one watcher may lag behind before the oldest are dropped.
    private const int WatcherBuffer = 1024;

    private readonly ConcurrentDictionary<string, ApplicationStatus> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<ApplicationStatus>, byte> _watchers = new();

    /// <inheritdoc />
    public Task SaveAsync(ApplicationStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        _statuses[status.Application] = status;
        foreach (var watcher in _watchers.Keys)
        {
            watcher.Writer.TryWrite(status);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ApplicationStatus?> GetAsync(string application, CancellationToken cancellationToken = default) =>
        Task.FromResult(_statuses.GetValueOrDefault(application));

    /// <inheritdoc />
    public Task<IReadOnlyList<ApplicationStatus>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApplicationStatus>>([.. _statuses.Values]);

    /// <inheritdoc />
    public async IAsyncEnumerable<ApplicationStatus> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The subscription starts with the first MoveNextAsync and ends when the enumeration does.
        var channel = Channel.CreateBounded<ApplicationStatus>(new BoundedChannelOptions(WatcherBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _watchers[channel] = 0;
        try
        {
            await foreach (var status in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return status;
            }
        }
        finally
        {
            _watchers.TryRemove(channel, out _);
        }
    }
}
