using System.Collections.Concurrent;

namespace GitOps.Reconcile;

/// <summary>Keeps application status in memory; the default store.</summary>
public sealed class InMemoryApplicationStatusStore : IApplicationStatusStore
{
    private readonly ConcurrentDictionary<string, ApplicationStatus> _statuses = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveAsync(ApplicationStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        _statuses[status.Application] = status;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ApplicationStatus?> GetAsync(string application, CancellationToken cancellationToken = default) =>
        Task.FromResult(_statuses.GetValueOrDefault(application));

    /// <inheritdoc />
    public Task<IReadOnlyList<ApplicationStatus>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ApplicationStatus>>([.. _statuses.Values]);
}
