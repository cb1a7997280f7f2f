using GitOps.Sync;

namespace GitOps.Cli.Hosting;

/// <summary>
/// Keeps operation states in memory, as the SDK's default store does, and prints each step as the sync engine saves
/// it: a line per phase and wave, and a line per resource written, so a person sees a long sync move.
/// </summary>
internal sealed class ProgressSyncStateStore : ISyncStateStore
{
    private readonly InMemorySyncStateStore _inner = new();
    private readonly CliConsole _console;
    private readonly Lock _lock = new();
    private string? _operation;
    private int _printed;
    private (SyncPhase, int)? _step;

    public ProgressSyncStateStore(CliConsole console) => _console = console;

    public async Task SaveAsync(OperationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await _inner.SaveAsync(state, cancellationToken);
        var lines = new List<string>();
        lock (_lock)
        {
            if (_operation != state.Id)
            {
                (_operation, _printed, _step) = (state.Id, 0, null);
            }

            foreach (var result in state.Results.Skip(_printed))
            {
                if (_step != (result.Phase, result.Wave))
                {
                    _step = (result.Phase, result.Wave);
                    lines.Add($"  {result.Phase} phase, wave {result.Wave}{(state.DryRun ? " (dry run)" : string.Empty)}");
                }

                var what = result.Key.Group.Length == 0 ? result.Key.Kind : $"{result.Key.Kind}.{result.Key.Group}";
                var where = result.Key.Namespace.Length == 0 ? result.Key.Name : $"{result.Key.Namespace}/{result.Key.Name}";
                lines.Add($"    {what} {where}: {result.Outcome.ToString().ToLowerInvariant()}{(result.Message.Length == 0 ? string.Empty : " - " + result.Message)}");
            }

            _printed = state.Results.Count;
        }

        foreach (var line in lines)
        {
            await _console.ProgressAsync(line);
        }
    }

    public Task<OperationState?> LoadAsync(string applicationName, CancellationToken cancellationToken = default) =>
        _inner.LoadAsync(applicationName, cancellationToken);
}
