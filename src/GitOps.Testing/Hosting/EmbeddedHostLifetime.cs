using Microsoft.Extensions.Hosting;

namespace GitOps.Testing.Hosting;

/// <summary>
/// A host lifetime that leaves the process alone: the default console lifetime would take over Ctrl+C and SIGTERM of
/// the test process that embeds the emulator and hold its exit until the emulator's host stops.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
