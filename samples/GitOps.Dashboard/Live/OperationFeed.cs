using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace GitOps.Dashboard.Live;

/// <summary>
/// Tells the open event streams that an operation started from the dashboard is running, so every viewer sees it
/// before its status (published when it ends) arrives.
/// </summary>
internal sealed class OperationFeed
{
    private readonly ConcurrentDictionary<Channel<string>, byte> _watchers = new();

    public void Publish(string application)
    {
        foreach (var watcher in _watchers.Keys)
        {
            watcher.Writer.TryWrite(application);
        }
    }

    public async IAsyncEnumerable<string> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _watchers[channel] = 0;
        try
        {
            await foreach (var application in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return application;
            }
        }
        finally
        {
            _watchers.TryRemove(channel, out _);
        }
    }
}
