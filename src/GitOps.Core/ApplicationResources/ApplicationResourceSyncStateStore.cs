using GitOps.Sync;

namespace GitOps.ApplicationResources;

/// <summary>
/// Wraps the <see cref="ISyncStateStore"/> the sync engine saves every step to, so that operations of applications
/// from Application resources show up as they happen: <c>status.operationState</c> turns Running when an operation
/// starts, and <c>OperationStarted</c> and <c>OperationCompleted</c> Events are recorded.
/// </summary>
public sealed class ApplicationResourceSyncStateStore : ISyncStateStore
{
    private readonly ISyncStateStore _inner;
    private readonly ApplicationResourceStatusStore _statuses;

    /// <summary>Wraps a store.</summary>
    /// <param name="inner">Where states are kept.</param>
    /// <param name="statuses">Writes the operation state to the application's resource.</param>
    public ApplicationResourceSyncStateStore(ISyncStateStore inner, ApplicationResourceStatusStore statuses)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(statuses);
        _inner = inner;
        _statuses = statuses;
    }

    /// <inheritdoc />
    public async Task SaveAsync(OperationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await _inner.SaveAsync(state, cancellationToken).ConfigureAwait(false);
        await _statuses.OnOperationAsync(state, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<OperationState?> LoadAsync(string applicationName, CancellationToken cancellationToken = default) =>
        _inner.LoadAsync(applicationName, cancellationToken);
}
