using System.Diagnostics;
using GitOps.Cli.Output;
using GitOps.Health;
using GitOps.Reconcile;
using GitOps.Sync;

namespace GitOps.Cli.Hosting;

/// <summary>Reports a finished sync operation and waits for the application to become healthy.</summary>
internal static class OperationWaiter
{
    /// <summary>Prints the operation's outcome; true when it succeeded.</summary>
    public static async Task<bool> ReportAsync(CliConsole console, OperationState operation)
    {
        var succeeded = operation.Phase == OperationPhase.Succeeded;
        var color = succeeded ? AnsiColor.Green : AnsiColor.Red;
        await console.Output.WriteLineAsync(
            $"Sync {console.Paint(operation.Phase.ToString(), color)} at {Short(operation.Revision)}{(operation.DryRun ? " (dry run)" : string.Empty)}: {operation.Message}");
        var table = new Table("KIND", "NAMESPACE", "NAME", "RESULT", "MESSAGE");
        foreach (var result in operation.Results)
        {
            var outcome = result.Outcome.ToString();
            table.Add(
                (result.Key.Kind, AnsiColor.None), (result.Key.Namespace, AnsiColor.None), (result.Key.Name, AnsiColor.None),
                (outcome, result.Outcome == Apply.ApplyOutcome.Failed ? AnsiColor.Red : AnsiColor.None), (result.Message, AnsiColor.None));
        }

        if (table.Count > 0)
        {
            await table.WriteAsync(console);
        }

        return succeeded;
    }

    /// <summary>Reconciles (without syncing) until the application is Healthy, Degraded or the time is up.</summary>
    public static async Task<bool> WaitForHealthAsync(CliConsole console, AppSession session, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        // Each check is a whole reconcile (resolve, list, compare): start quickly, then back off to one every 2 s.
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            var status = (await session.Reconciler.ReconcileAsync(session.Application, session.Context, cancellationToken)).Status;
            var health = status.Health;
            var line = $"Health: {health}";
            if (line != last)
            {
                await console.ProgressAsync(line);
                last = line;
            }

            switch (health.Status)
            {
                case HealthStatusCode.Healthy or HealthStatusCode.Suspended:
                    await console.Output.WriteLineAsync($"Application {session.Application.Name} is {console.Paint(health.Status.ToString(), AnsiColor.Green)}.");
                    return true;
                case HealthStatusCode.Degraded:
                    await console.Output.WriteLineAsync($"Application {session.Application.Name} is {console.Paint("Degraded", AnsiColor.Red)}: {health.Message}");
                    return false;
            }

            if (clock.Elapsed >= timeout)
            {
                await console.Output.WriteLineAsync($"Timed out after {Applications.GoDuration.Format(timeout)} waiting for health; it is {health}.");
                return false;
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(2000, pause.TotalMilliseconds * 1.5));
        }
    }

    public static string Short(string revision) => revision.Length > 12 && !revision.Contains(',', StringComparison.Ordinal) ? revision[..12] : revision;
}
