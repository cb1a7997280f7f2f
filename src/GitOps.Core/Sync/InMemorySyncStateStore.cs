using System.Collections.Concurrent;

namespace GitOps.Sync;

/// <summary>Operation states kept in this process's memory.</summary>
public sealed class InMemorySyncStateStore : ISyncStateStore
{
    private readonly ConcurrentDictionary<string, OperationState> _states = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveAsync(OperationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        _states[state.ApplicationName] = state;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<OperationState?> LoadAsync(string applicationName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_states.GetValueOrDefault(applicationName));
}
