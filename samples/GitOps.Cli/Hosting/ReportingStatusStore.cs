using GitOps.Reconcile;

namespace GitOps.Cli.Hosting;

/// <summary>
/// Keeps statuses in memory as the SDK's default store does, and prints a line whenever an application's sync
/// status, health, revision, last operation or errors change, so that a controller's console tells what it does.
/// </summary>
internal sealed class ReportingStatusStore : IObservableApplicationStatusStore
{
    private readonly InMemoryApplicationStatusStore _inner = new();
    private readonly CliConsole _console;
    private readonly Dictionary<string, string> _last = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private readonly bool _print;

    public ReportingStatusStore(CliConsole console, bool print = true) => (_console, _print) = (console, print);

    public async Task SaveAsync(ApplicationStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(status);
        await _inner.SaveAsync(status, cancellationToken);
        var errors = string.Join("; ", status.Conditions.Where(c => c.IsError).Select(c => c.Message));
        var operation = status.Operation is { } op ? $", last sync {op.Phase}" : string.Empty;
        var line = $"{status.Application}: {status.SyncStatus}, {status.Health.Status} at {OperationWaiter.Short(status.Revision ?? "(unresolved)")}{operation}" +
            (errors.Length == 0 ? string.Empty : $" - {errors}");
        if (!_print)
        {
            return;
        }

        lock (_lock)
        {
            if (_last.TryGetValue(status.Application, out var previous) && previous == line)
            {
                return;
            }

            _last[status.Application] = line;

            // Workers save concurrently; writing under the lock keeps lines whole on any writer.
            _console.Output.WriteLine($"{status.ReconciledAt:HH:mm:ss} {line}");
            _console.Output.Flush();
        }
    }

    public Task<ApplicationStatus?> GetAsync(string application, CancellationToken cancellationToken = default) => _inner.GetAsync(application, cancellationToken);

    public Task<IReadOnlyList<ApplicationStatus>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);

    public IAsyncEnumerable<ApplicationStatus> WatchAsync(CancellationToken cancellationToken = default) => _inner.WatchAsync(cancellationToken);
}
