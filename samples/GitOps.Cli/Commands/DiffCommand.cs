using System.CommandLine;
using GitOps.Cli.Hosting;
using GitOps.Cli.Options;
using GitOps.Cli.Output;
using GitOps.Comparison;
using GitOps.Diff;
using GitOps.Manifests;
using GitOps.Reconcile;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops diff APP</c>: what a sync would change, per resource, desired against live. With
/// <c>--base-revision REV</c>: no cluster, the change between the manifests at REV and at the target revision (a pull
/// request's review).
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliConsole console)
    {
        var exitCode = new Option<bool>("--exit-code") { Description = "Exit 1 when there are differences (as git diff --exit-code)." };
        var baseRevision = new Option<string?>("--base-revision") { Description = "Compare the manifests at this revision with the target revision's; no cluster needed." };
        var format = OutputFormat.Create("text", "text", OutputFormat.Json);
        var flags = new AppCommandFlags();
        var command = new Command("diff", "Show what a sync would change: desired (Git) against live (cluster), or between two revisions.") { exitCode, baseRevision, format };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var differences = parse.GetValue(baseRevision) is { } revision
                ? await BetweenRevisionsAsync(parse, flags, console, revision, parse.GetValue(format)!, cancellationToken)
                : await AgainstClusterAsync(parse, flags, console, parse.GetValue(format)!, cancellationToken);
            return differences > 0 && parse.GetValue(exitCode) ? CliApplication.Failure : CliApplication.Success;
        });
        return command;
    }

    private static async Task<int> AgainstClusterAsync(ParseResult parse, AppCommandFlags flags, CliConsole console, string format, CancellationToken cancellationToken)
    {
        await using var session = await flags.OpenAsync(parse, console, cancellationToken);
        await console.ProgressAsync($"Rendering {session.Application.Name} at {Target(session.Application)}...");
        var rendered = await session.Reconciler.RenderAsync(session.Application, cancellationToken);
        await WarnAsync(console, rendered);
        await console.ProgressAsync($"Comparing commit {rendered.Revision} with the cluster...");
        var comparison = await session.Reconciler.CompareAsync(session.Application, rendered, session.Context, cancellationToken);
        foreach (var warning in comparison.Warnings)
        {
            await console.Error.WriteLineAsync($"warning: {warning}");
        }

        var changed = comparison.Resources.Where(r => r.Status != ResourceSyncStatus.Synced).ToList();
        var entries = changed.Select(r => new DiffEntry(r.Key, r.ApiVersion, Label(r), r.Diff?.ChangedPaths ?? [], r.Diff?.UnifiedDiff ?? string.Empty, r.Message)).ToList();
        await PrintAsync(console, entries, format, null, $"{changed.Count(r => r.Counted)} of {comparison.Resources.Count} resources differ from commit {rendered.Revision}");
        return changed.Count(r => r.Counted);
    }

    private static async Task<int> BetweenRevisionsAsync(
        ParseResult parse, AppCommandFlags flags, CliConsole console, string baseRevision, string format, CancellationToken cancellationToken)
    {
        var application = await flags.Application.ResolveAsync(parse, console, cancellationToken);
        await using var host = CliHost.Create();
        var reconciler = host.Get<ApplicationReconciler>();
        var pinned = application with
        {
            Spec = application.Spec with
            {
                Source = application.Spec.Source is { } single ? single with { TargetRevision = baseRevision } : null,
                Sources = [.. application.Spec.Sources.Select(s => s with { TargetRevision = baseRevision })],
            },
        };
        await console.ProgressAsync($"Rendering {application.Name} at {baseRevision} and at its target revision...");
        var before = await reconciler.RenderAsync(pinned, cancellationToken);
        var after = await reconciler.RenderAsync(application, cancellationToken);
        await WarnAsync(console, after);

        var differ = host.Get<ManifestDiffer>();
        var old = before.Objects.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Last());
        var current = after.Objects.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Last());
        var entries = new List<DiffEntry>();
        foreach (var key in old.Keys.Union(current.Keys).OrderBy(k => k.Group, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal)
                     .ThenBy(k => k.Namespace, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal))
        {
            var was = old.GetValueOrDefault(key);
            var now = current.GetValueOrDefault(key);
            // Server-side strategy: the "desired" side is compared as it is, without merging it onto the other side,
            // which is what comparing two renders needs. Secret data is masked by the differ.
            var diff = differ.Diff(now, was, new DiffOptions { Strategy = DiffStrategy.ServerSide });
            if (diff.Modified)
            {
                var label = was is null ? "added" : now is null ? "removed" : "changed";
                entries.Add(new DiffEntry(key, (now ?? was)!.ApiVersion, label, diff.ChangedPaths, diff.UnifiedDiff, null));
            }
        }

        await PrintAsync(console, entries, format, ($"{baseRevision} ({OperationWaiter.Short(before.Revision)})", $"{Target(application)} ({OperationWaiter.Short(after.Revision)})"),
            $"{entries.Count} resources differ between {before.Revision} ({baseRevision}) and {after.Revision}: " +
            $"{entries.Count(e => e.Status == "added")} added, {entries.Count(e => e.Status == "removed")} removed, {entries.Count(e => e.Status == "changed")} changed");
        return entries.Count;
    }

    private static async Task PrintAsync(CliConsole console, List<DiffEntry> entries, string format, (string From, string To)? sides, string summary)
    {
        if (format == OutputFormat.Json)
        {
            await OutputFormat.WriteAsync(console, entries.Select(e => new
            {
                e.Key.Group, e.Key.Kind, e.Key.Namespace, e.Key.Name, e.ApiVersion, e.Status, e.ChangedPaths, e.UnifiedDiff, e.Message,
            }), OutputFormat.Json);
        }
        else
        {
            foreach (var entry in entries)
            {
                await DiffPrinter.WriteAsync(console, entry.Key, entry.Status, entry.UnifiedDiff.Length > 0 ? entry.UnifiedDiff : entry.Message ?? string.Empty, sides);
            }
        }

        await console.ProgressAsync(summary);
    }

    private static string Target(GitOps.Applications.Application application) =>
        application.Spec.EffectiveSources is [var first, ..] ? first.TargetRevision : "HEAD";

    private static string Label(ResourceComparison resource) => resource.Status switch
    {
        ResourceSyncStatus.Missing => "missing: a sync creates it",
        ResourceSyncStatus.Extraneous when resource.Counted => "extraneous: sync --prune deletes it",
        ResourceSyncStatus.Extraneous => "extraneous, ignored",
        ResourceSyncStatus.OutOfSync => "out of sync",
        _ => resource.Status.ToString(),
    };

    private static async Task WarnAsync(CliConsole console, RenderedApplication rendered)
    {
        foreach (var warning in rendered.Warnings)
        {
            await console.Error.WriteLineAsync($"warning: {warning}");
        }
    }

    private sealed record DiffEntry(ResourceKey Key, string ApiVersion, string Status, IReadOnlyList<string> ChangedPaths, string UnifiedDiff, string? Message);
}
