namespace GitOps.Reconcile;

/// <summary>A status store that also tells who asks about each status it stores, as it stores it (for live views).</summary>
public interface IObservableApplicationStatusStore : IApplicationStatusStore
{
    /// <summary>
    /// The statuses saved from now on, in the order saved, until cancelled. A reader that falls far behind loses the
    /// oldest unread ones (the newest status of an application is what matters), never blocking the writers. The
    /// subscription starts with the first <c>MoveNextAsync</c>.
    /// </summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The saved statuses.</returns>
    IAsyncEnumerable<ApplicationStatus> WatchAsync(CancellationToken cancellationToken = default);
}
