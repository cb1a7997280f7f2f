namespace GitOps.Reconcile;

/// <summary>Where reconciles publish application status.</summary>
public interface IApplicationStatusStore
{
    /// <summary>Stores the status of an application, replacing the previous one.</summary>
    /// <param name="status">The status.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    Task SaveAsync(ApplicationStatus status, CancellationToken cancellationToken = default);

    /// <summary>The status of an application, or null before its first reconcile.</summary>
    /// <param name="application">The qualified application name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    Task<ApplicationStatus?> GetAsync(string application, CancellationToken cancellationToken = default);

    /// <summary>All stored statuses.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statuses.</returns>
    Task<IReadOnlyList<ApplicationStatus>> ListAsync(CancellationToken cancellationToken = default);
}
