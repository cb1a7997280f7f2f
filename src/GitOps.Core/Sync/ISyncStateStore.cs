namespace GitOps.Sync;

/// <summary>Keeps the state of each application's current or last operation.</summary>
public interface ISyncStateStore
{
    /// <summary>Saves an operation's state, replacing what the application had.</summary>
    /// <param name="state">The state.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task SaveAsync(OperationState state, CancellationToken cancellationToken = default);

    /// <summary>The application's current or last operation; null when it never had one.</summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<OperationState?> LoadAsync(string applicationName, CancellationToken cancellationToken = default);
}
