using System.Collections.Concurrent;
using GitOps.Apply;
using GitOps.Cluster;
using GitOps.Comparison;
using GitOps.Diagnostics;
using GitOps.Health;
using GitOps.Manifests;
using GitOps.Tracking;
using Microsoft.Extensions.Logging;

namespace GitOps.Sync;

/// <summary>
/// The default <see cref="ISyncEngine"/>, after Argo CD's gitops-engine: tasks sorted by phase, wave, kind and name;
/// a dry run of every task before any write; waves applied with bounded concurrency (kinds in install order within a
/// wave, so Namespaces and CRDs precede what needs them); health waits between waves; hooks completed by health;
/// prunes in mirrored waves or last; SyncFail hooks on failure; the state saved after every step.
/// </summary>
internal sealed partial class SyncEngine : ISyncEngine
{
    private readonly IStateComparer _comparer;
    private readonly IApplier _applier;
    private readonly IHealthAssessor _health;
    private readonly ISyncStateStore _store;
    private readonly ISyncHistoryStore _history;
    private readonly ILogger<SyncEngine> _logger;
    private readonly TimeProvider _time;

    public SyncEngine(
        IStateComparer comparer, IApplier applier, IHealthAssessor health, ISyncStateStore store, ISyncHistoryStore history,
        ILogger<SyncEngine> logger, TimeProvider time)
    {
        _history = history;
        _comparer = comparer;
        _applier = applier;
        _health = health;
        _store = store;
        _logger = logger;
        _time = time;
    }

    public Task<OperationState> SyncAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(cluster, new Run(request, NewState(request)), cancellationToken);
    }

    public async Task<OperationState> ResumeAsync(ClusterClient cluster, SyncRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        var saved = await _store.LoadAsync(request.ApplicationName, cancellationToken).ConfigureAwait(false);
        if (saved is { Phase: OperationPhase.Running } running)
        {
            if (running.Revision == request.Revision && running.DryRun == request.Options.DryRun)
            {
                LogResuming(_logger, request.ApplicationName, running.Id, running.CompletedSteps.Count);
                return await RunAsync(cluster, new Run(request, running with { Message = "resumed" }), cancellationToken).ConfigureAwait(false);
            }

            await _store.SaveAsync(running with
            {
                Phase = OperationPhase.Terminated,
                Message = $"superseded by a sync of {request.Revision} after a restart",
                FinishedAt = _time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
        }

        return await SyncAsync(cluster, request, cancellationToken).ConfigureAwait(false);
    }

    private OperationState NewState(SyncRequest request) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        ApplicationName = request.ApplicationName,
        Revision = request.Revision,
        StartedAt = _time.GetUtcNow(),
        DryRun = request.Options.DryRun,
        Selective = request.Resources is not null,
        Message = "starting",
    };

    private async Task<OperationState> RunAsync(ClusterClient cluster, Run run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        using var activity = GitOpsTelemetry.ActivitySource.StartActivity("gitops.sync");
        activity?.SetTag("gitops.application", request.ApplicationName);
        activity?.SetTag("gitops.revision", request.Revision);
        await SaveAsync(run, CancellationToken.None).ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Options.Timeout);
        try
        {
            await ExecuteAsync(cluster, run, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Finish(OperationPhase.Terminated, "terminated on request", _time);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            run.Finish(OperationPhase.Failed, $"timed out after {request.Options.Timeout}", _time);
        }
        catch (KubernetesApiException e)
        {
            run.Finish(OperationPhase.Error, e.Message, _time);
        }
        catch (FormatException e)
        {
            run.Finish(OperationPhase.Error, e.Message, _time);
        }

        await SaveAsync(run, CancellationToken.None).ConfigureAwait(false);
        if (run.State is { Phase: OperationPhase.Succeeded, DryRun: false, Selective: false } done)
        {
            // History records full, real, successful syncs only: the revisions one can roll back to.
            await _history.AddAsync(request.ApplicationName, new SyncHistoryEntry
            {
                Id = 0,
                Revision = done.Revision,
                Source = request.Source,
                StartedAt = done.StartedAt,
                FinishedAt = done.FinishedAt ?? _time.GetUtcNow(),
                OperationId = done.Id,
                Summary = Summarize(done),
            }, request.RevisionHistoryLimit, CancellationToken.None).ConfigureAwait(false);
        }

        GitOpsTelemetry.SyncsCompleted.Add(1, new KeyValuePair<string, object?>("phase", run.State.Phase.ToString()));
        LogFinished(_logger, request.ApplicationName, run.State.Phase, run.State.Message);
        activity?.SetTag("gitops.operation_phase", run.State.Phase.ToString());
        return run.State;
    }

    private async Task ExecuteAsync(ClusterClient cluster, Run run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        var options = request.Options;
        var hooks = request.Desired.Where(d => SyncAnnotations.Hooks(d).Count > 0 && !SyncAnnotations.IsSkipped(d)).ToList();
        var plain = request.Desired.Where(d => SyncAnnotations.Hooks(d).Count == 0 && !SyncAnnotations.IsSkipped(d)).ToList();

        if (options.CreateNamespace && !options.DryRun)
        {
            await EnsureNamespaceAsync(cluster, run, cancellationToken).ConfigureAwait(false);
        }

        var comparison = await RetryAsync(run, ct => _comparer.CompareAsync(cluster, new ComparisonRequest
        {
            ApplicationName = request.ApplicationName,
            Desired = plain,
            DestinationNamespace = request.DestinationNamespace,
            DiffOptions = request.DiffOptions,
            FieldManager = options.FieldManager,
            LiveState = request.LiveState,
        }, ct), cancellationToken).ConfigureAwait(false);

        var tasks = BuildTasks(run, comparison, hooks);
        run.Update("dry run");
        if (!await DryRunAsync(cluster, run, tasks, comparison, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (options.DryRun)
        {
            run.Finish(OperationPhase.Succeeded, "dry run succeeded: nothing was changed", _time);
            return;
        }

        await ConfirmPrunesAsync(run, tasks, cancellationToken).ConfigureAwait(false);
        var steps = tasks.Where(t => t.Phase != SyncPhase.SyncFail)
            .GroupBy(t => (t.Phase, t.Wave)).OrderBy(g => g.Key.Phase).ThenBy(g => g.Key.Wave).ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var name = $"{step.Key.Phase}/{step.Key.Wave}";
            if (run.State.CompletedSteps.Contains(name))
            {
                continue;
            }

            run.Update($"{step.Key.Phase} wave {step.Key.Wave}");
            await SaveAsync(run, cancellationToken).ConfigureAwait(false);
            var failed = !await RunStepAsync(cluster, run, step.ToList(), waitForHealth: i < steps.Count - 1, cancellationToken).ConfigureAwait(false);
            run.CompleteStep(name);
            await SaveAsync(run, cancellationToken).ConfigureAwait(false);
            if (failed)
            {
                await RunSyncFailAsync(cluster, run, tasks, cancellationToken).ConfigureAwait(false);
                run.Finish(OperationPhase.Failed, $"{name} failed: {string.Join("; ", run.Failures)}", _time);
                return;
            }
        }

        run.Finish(OperationPhase.Succeeded, "successfully synced (all tasks run)", _time);
    }

    private static List<SyncTask> BuildTasks(Run run, ComparisonResult comparison, List<ManifestObject> hooks)
    {
        var request = run.Request;
        var tasks = new List<SyncTask>();
        foreach (var resource in comparison.Resources)
        {
            if (request.Resources is { } selected && !selected.Contains(resource.Key))
            {
                continue;
            }

            if (resource.Status == ResourceSyncStatus.Extraneous)
            {
                // Hooks of earlier syncs carry tracking too; they are not part of the desired state to prune.
                if (SyncAnnotations.Hooks(resource.Live!).Count == 0)
                {
                    tasks.Add(new SyncTask
                    {
                        Key = resource.Key, ApiVersion = resource.ApiVersion, Phase = SyncPhase.Sync, Wave = SyncAnnotations.Wave(resource.Live!),
                        Live = resource.Live, IsPrune = true,
                    });
                }

                continue;
            }

            var desired = resource.Desired!;
            if (request.Options.RespectIgnoreDifferences && resource.Live is { } live)
            {
                desired = desired.DeepClone();
                Diff.RespectIgnoreDifferences.Apply(desired, live, request.DiffOptions.IgnoreDifferences);
            }

            tasks.Add(new SyncTask
            {
                Key = resource.Key, ApiVersion = resource.ApiVersion, Phase = SyncPhase.Sync, Wave = SyncAnnotations.Wave(desired),
                Desired = desired, Live = resource.Live, Synced = resource.Status == ResourceSyncStatus.Synced,
            });
        }

        if (request.Resources is null)
        {
            foreach (var hook in hooks)
            {
                var copy = hook.DeepClone();
                if (copy.Namespace.Length == 0)
                {
                    copy.Namespace = request.DestinationNamespace;
                }

                if (copy.Name.Length > 0)
                {
                    ResourceTracking.Mark(copy, request.ApplicationName);
                }

                foreach (var phase in SyncAnnotations.Hooks(hook))
                {
                    tasks.Add(new SyncTask
                    {
                        Key = copy.Key, ApiVersion = copy.ApiVersion, Phase = phase, Wave = SyncAnnotations.Wave(hook),
                        Desired = copy, IsHook = true, DeletePolicy = SyncAnnotations.DeletePolicy(hook),
                    });
                }
            }
        }

        ArrangePrunes(tasks, request.Options.PruneLast);
        return tasks.OrderBy(t => t.Phase).ThenBy(t => t.Wave).ThenBy(t => t.IsPrune).ThenBy(t => t.KindRank)
            .ThenBy(t => t.Key.Name, StringComparer.Ordinal).ToList();
    }

    // Prune waves are mirrored so that what was created last goes first; PruneLast moves prunes after every wave.
    private static void ArrangePrunes(List<SyncTask> tasks, bool pruneLast)
    {
        var prunes = tasks.Where(t => t.IsPrune).ToList();
        var waves = prunes.Select(t => t.Wave).Distinct().Order().ToList();
        foreach (var prune in prunes)
        {
            prune.Wave = waves[waves.Count - 1 - waves.IndexOf(prune.Wave)];
        }

        var applies = tasks.Where(t => !t.IsPrune && t.Phase == SyncPhase.Sync).Select(t => t.Wave).DefaultIfEmpty(0).Max();
        var lastWave = Math.Max(applies, waves.Count > 0 ? waves.Max() : 0);
        foreach (var prune in prunes.Where(p => pruneLast || SyncAnnotations.HasOption(p.Live, "PruneLast=true")))
        {
            prune.Wave = lastWave + 1;
        }
    }

    private async Task<bool> DryRunAsync(ClusterClient cluster, Run run, List<SyncTask> tasks, ComparisonResult comparison, CancellationToken cancellationToken)
    {
        var crds = tasks.Where(t => t.Desired is { Kind: "CustomResourceDefinition" })
            .Select(t => (Group: t.Desired!.Root["spec"]?["group"]?.GetValue<string>(), Kind: t.Desired.Root["spec"]?["names"]?["kind"]?.GetValue<string>()))
            .ToHashSet();
        var failures = new ConcurrentBag<ResourceResult>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = run.Request.Options.MaxConcurrency, CancellationToken = cancellationToken };
        var toCheck = tasks.Where(t => !t.IsPrune && !(t.Synced && run.Request.Options.ApplyOutOfSyncOnly)).ToList();
        await Parallel.ForEachAsync(toCheck, parallel, async (task, token) =>
        {
            task.Resource = await cluster.Discovery.FindAsync(task.Desired!.GroupVersionKind, token).ConfigureAwait(false);
            if (task.Resource is null)
            {
                // A custom resource whose CRD comes in this same sync cannot be dry-run yet.
                if (!crds.Contains((task.Key.Group, task.Key.Kind)))
                {
                    failures.Add(Result(task, ApplyOutcome.Failed, $"{task}: the server does not serve {task.Desired.GroupVersionKind} and no CRD in this sync defines it"));
                }

                return;
            }

            var result = await RetryAsync(run, ct => _applier.ApplyAsync(cluster, Request(run, task, dryRun: true), ct), token).ConfigureAwait(false);
            if (result.Outcome == ApplyOutcome.Failed)
            {
                failures.Add(Result(task, ApplyOutcome.Failed, result.Message));
            }
            else if (run.Request.Options.DryRun)
            {
                run.Record(Result(task, result.Outcome, result.Message));
            }
        }).ConfigureAwait(false);

        if (run.Request.Options.DryRun)
        {
            foreach (var prune in tasks.Where(t => t.IsPrune))
            {
                run.Record(PruneDecision(run, prune) ?? Result(prune, ApplyOutcome.Pruned, $"{prune} would be pruned (dry run)"));
            }
        }

        if (failures.IsEmpty)
        {
            return true;
        }

        foreach (var failure in failures.OrderBy(f => f.Key.ToString(), StringComparer.Ordinal))
        {
            run.Record(failure);
        }

        run.Finish(OperationPhase.Failed, $"one or more objects failed to apply (dry run): {string.Join("; ", failures.Select(f => f.Message).Order(StringComparer.Ordinal))}", _time);
        return false;
    }

    private async Task ConfirmPrunesAsync(Run run, List<SyncTask> tasks, CancellationToken cancellationToken)
    {
        var gated = tasks.Where(t => t.IsPrune && run.Request.Options.Prune == PruneMode.Confirm && !SyncAnnotations.KeepOnPrune(t.Live!)).ToList();
        if (gated.Count == 0 || run.Request.ConfirmPruneAsync is not { } confirm)
        {
            return;
        }

        run.Update($"waiting for confirmation to prune {gated.Count} object(s)");
        await SaveAsync(run, cancellationToken).ConfigureAwait(false);
        run.PruneConfirmed = await confirm(gated.Select(t => t.Key).ToList(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> RunStepAsync(ClusterClient cluster, Run run, List<SyncTask> step, bool waitForHealth, CancellationToken cancellationToken)
    {
        var ok = true;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = run.Request.Options.MaxConcurrency, CancellationToken = cancellationToken };

        // Kinds in install order: everything of one rank at once, then the next rank.
        foreach (var rank in step.GroupBy(t => (t.IsPrune, t.KindRank)).OrderBy(g => g.Key.IsPrune).ThenBy(g => g.Key.KindRank))
        {
            var results = new ConcurrentBag<bool>();
            await Parallel.ForEachAsync(rank, parallel, async (task, token) =>
                results.Add(await RunTaskAsync(cluster, run, task, token).ConfigureAwait(false))).ConfigureAwait(false);
            ok &= results.All(r => r);
            if (!ok)
            {
                return false;
            }
        }

        var hooks = step.Where(t => t.IsHook).ToList();
        // Objects written in this step; those ApplyOutOfSyncOnly left alone were in sync already.
        var applied = step.Where(t => !t.IsHook && !t.IsPrune && !(t.Synced && run.Request.Options.ApplyOutOfSyncOnly)).ToList();
        if (hooks.Count > 0 || (waitForHealth && applied.Count > 0))
        {
            ok = await WaitAsync(cluster, run, waitForHealth ? applied : [], hooks, cancellationToken).ConfigureAwait(false);
        }

        return ok;
    }

    private async Task<bool> RunTaskAsync(ClusterClient cluster, Run run, SyncTask task, CancellationToken cancellationToken)
    {
        if (task.IsPrune)
        {
            return await PruneAsync(cluster, run, task, cancellationToken).ConfigureAwait(false);
        }

        if (task.Synced && run.Request.Options.ApplyOutOfSyncOnly && !task.IsHook)
        {
            run.Record(Result(task, ApplyOutcome.Unchanged, $"{task} already in sync: not written"));
            return true;
        }

        task.Resource ??= await cluster.Discovery.FindAsync(task.Desired!.GroupVersionKind, cancellationToken).ConfigureAwait(false);
        if (task.Resource is null)
        {
            task.Resource = await WaitForServedAsync(cluster, task, cancellationToken).ConfigureAwait(false);
        }

        if (task.IsHook)
        {
            return await StartHookAsync(cluster, run, task, cancellationToken).ConfigureAwait(false);
        }

        var result = await RetryAsync(run, ct => _applier.ApplyAsync(cluster, Request(run, task, dryRun: false), ct), cancellationToken).ConfigureAwait(false);
        task.Live = result.Result;
        run.Record(Result(task, result.Outcome, result.Message));
        if (result.Outcome == ApplyOutcome.Failed)
        {
            run.Failures.Enqueue(result.Message);
            return false;
        }

        if (task.Key.Kind == "CustomResourceDefinition" && task.Key.Group == "apiextensions.k8s.io")
        {
            await WaitForEstablishedAsync(cluster, task, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<bool> StartHookAsync(ClusterClient cluster, Run run, SyncTask task, CancellationToken cancellationToken)
    {
        var desired = task.Desired!;
        if (desired.Name.Length > 0 && task.DeletePolicy.HasFlag(HookDeletePolicy.BeforeHookCreation))
        {
            await RetryAsync(run, async ct =>
            {
                await cluster.DeleteAsync(task.Resource!, desired.Namespace, desired.Name, PropagationPolicy.Foreground, cancellationToken: ct).ConfigureAwait(false);
                while (await cluster.GetAsync(task.Resource!, desired.Namespace, desired.Name, ct).ConfigureAwait(false) is not null)
                {
                    await Task.Delay(run.Request.Options.HealthPollInterval, _time, ct).ConfigureAwait(false);
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var created = await RetryAsync(
                run, ct => cluster.CreateAsync(task.Resource!, desired, false, run.Request.Options.FieldManager, ct), cancellationToken).ConfigureAwait(false);
            task.Live = created;
            run.Record(Result(task, ApplyOutcome.Created, $"hook {created} created"));
            return true;
        }
        catch (KubernetesApiException e) when (!e.IsTransient)
        {
            run.Record(Result(task, ApplyOutcome.Failed, $"hook {desired}: {e.Message}"));
            run.Failures.Enqueue(e.Message);
            return false;
        }
    }

    private async Task<bool> PruneAsync(ClusterClient cluster, Run run, SyncTask task, CancellationToken cancellationToken)
    {
        if (PruneDecision(run, task) is { } skipped)
        {
            run.Record(skipped);
            return true;
        }

        var live = task.Live!;
        if (live.Metadata?["deletionTimestamp"] is not null)
        {
            run.Record(Result(task, ApplyOutcome.Pruned, $"{live} already being deleted"));
            return true;
        }

        var resource = await cluster.Discovery.GetAsync(live, cancellationToken).ConfigureAwait(false);
        await RetryAsync(run, ct => cluster.DeleteAsync(
            resource, live.Namespace, live.Name, run.Request.Options.PrunePropagation, uid: live.Metadata?["uid"]?.GetValue<string>(), cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        run.Record(Result(task, ApplyOutcome.Pruned, $"{live} pruned"));
        return true;
    }

    private static ResourceResult? PruneDecision(Run run, SyncTask task)
    {
        var live = task.Live!;
        if (SyncAnnotations.KeepOnPrune(live))
        {
            return Result(task, ApplyOutcome.PruneSkipped, $"{live} is extraneous but marked Prune=false");
        }

        if (!ResourceTracking.IsTrackedBy(live, run.Request.ApplicationName))
        {
            // The comparer only reports tracked objects; this guards the invariant against any future change.
            return Result(task, ApplyOutcome.PruneSkipped, $"{live} is not tracked by {run.Request.ApplicationName}: never deleted");
        }

        return run.Request.Options.Prune switch
        {
            PruneMode.Off => Result(task, ApplyOutcome.PruneSkipped, $"{live} is extraneous; pruning is off"),
            PruneMode.Confirm when !run.PruneConfirmed => Result(task, ApplyOutcome.PruneSkipped, $"{live} is extraneous; prune awaits confirmation"),
            _ => null,
        };
    }

    // Waits until applied objects are healthy (Degraded fails) and hooks complete (Healthy succeeds, Degraded fails).
    private async Task<bool> WaitAsync(ClusterClient cluster, Run run, List<SyncTask> applied, List<SyncTask> hooks, CancellationToken cancellationToken)
    {
        var pending = applied.Concat(hooks).Where(t => t.Live is not null).ToList();
        var ok = true;
        while (pending.Count > 0)
        {
            var live = await ReadLiveAsync(cluster, run, pending, cancellationToken).ConfigureAwait(false);
            foreach (var task in pending.ToList())
            {
                live.TryGetValue(task.Live!.Key, out var current);
                if (current is null)
                {
                    if (!task.IsHook)
                    {
                        run.Failures.Enqueue($"{task} disappeared while waiting for it to become healthy");
                        ok = false;
                    }

                    pending.Remove(task);
                    continue;
                }

                var health = _health.Assess(current);
                var code = health?.Status ?? HealthStatusCode.Healthy;

                // As gitops-engine: a hook completes by its health (Degraded or Unknown is a failure); an applied object
                // fails only when Degraded and is waited for while Progressing, Unknown or Missing.
                var waiting = task.IsHook
                    ? code is HealthStatusCode.Progressing or HealthStatusCode.Suspended or HealthStatusCode.Missing
                    : code is HealthStatusCode.Progressing or HealthStatusCode.Unknown or HealthStatusCode.Missing;
                if (waiting)
                {
                    continue;
                }

                pending.Remove(task);
                var succeeded = code is HealthStatusCode.Healthy or HealthStatusCode.Suspended;
                if (task.IsHook)
                {
                    run.Record(Result(task, succeeded ? ApplyOutcome.Created : ApplyOutcome.Failed,
                        succeeded ? $"hook {current} succeeded" : $"hook {current} failed: {health?.Message}"));
                    await DeleteHookAsync(cluster, run, task, current, succeeded, cancellationToken).ConfigureAwait(false);
                }

                if (!succeeded)
                {
                    run.Failures.Enqueue($"{current} is {code}: {health?.Message}");
                    ok = false;
                }
            }

            if (pending.Count > 0)
            {
                run.Update($"waiting for {pending.Count} object(s): {string.Join(", ", pending.Take(3))}");
                await Task.Delay(run.Request.Options.HealthPollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        return ok;
    }

    // One list per kind and namespace, never a read per object.
    private async Task<Dictionary<ResourceKey, ManifestObject>> ReadLiveAsync(ClusterClient cluster, Run run, List<SyncTask> tasks, CancellationToken cancellationToken)
    {
        var live = new Dictionary<ResourceKey, ManifestObject>();
        foreach (var group in tasks.GroupBy(t => (t.Resource!, t.Live!.Namespace)))
        {
            var list = await RetryAsync(run, ct => cluster.ListAsync(group.Key.Item1, group.Key.Namespace.Length == 0 ? null : group.Key.Namespace, null, ct), cancellationToken)
                .ConfigureAwait(false);
            foreach (var item in list.Items)
            {
                live[item.Key] = item;
            }
        }

        return live;
    }

    private async Task DeleteHookAsync(ClusterClient cluster, Run run, SyncTask task, ManifestObject current, bool succeeded, CancellationToken cancellationToken)
    {
        var policy = task.DeletePolicy;
        if ((succeeded && policy.HasFlag(HookDeletePolicy.HookSucceeded)) || (!succeeded && policy.HasFlag(HookDeletePolicy.HookFailed)))
        {
            await RetryAsync(run, ct => cluster.DeleteAsync(task.Resource!, current.Namespace, current.Name, PropagationPolicy.Background, cancellationToken: ct), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private async Task RunSyncFailAsync(ClusterClient cluster, Run run, List<SyncTask> tasks, CancellationToken cancellationToken)
    {
        var failHooks = tasks.Where(t => t.Phase == SyncPhase.SyncFail).GroupBy(t => t.Wave).OrderBy(g => g.Key);
        foreach (var wave in failHooks)
        {
            foreach (var hook in wave)
            {
                hook.Resource ??= await cluster.Discovery.FindAsync(hook.Desired!.GroupVersionKind, cancellationToken).ConfigureAwait(false);
            }

            await RunStepAsync(cluster, run, wave.Where(h => h.Resource is not null).ToList(), waitForHealth: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureNamespaceAsync(ClusterClient cluster, Run run, CancellationToken cancellationToken)
    {
        var ns = new ManifestObject(new System.Text.Json.Nodes.JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new System.Text.Json.Nodes.JsonObject() })
        {
            Name = run.Request.DestinationNamespace,
        };
        var resource = await cluster.Discovery.GetAsync(ns, cancellationToken).ConfigureAwait(false);
        if (await RetryAsync(run, ct => cluster.GetAsync(resource, null, ns.Name, ct), cancellationToken).ConfigureAwait(false) is null)
        {
            await RetryAsync(run, ct => cluster.CreateAsync(resource, ns, false, run.Request.Options.FieldManager, ct), cancellationToken).ConfigureAwait(false);
            run.Record(new ResourceResult
            {
                Key = ns.Key, ApiVersion = "v1", Phase = SyncPhase.PreSync, Wave = int.MinValue, Outcome = ApplyOutcome.Created,
                Message = $"namespace {ns.Name} created",
            });
        }
    }

    private async Task<ApiResource> WaitForServedAsync(ClusterClient cluster, SyncTask task, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            cluster.Discovery.Invalidate();
            if (await cluster.Discovery.FindAsync(task.Desired!.GroupVersionKind, cancellationToken).ConfigureAwait(false) is { } resource)
            {
                return resource;
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new KubernetesApiException(System.Net.HttpStatusCode.NotFound, "NotFound", $"{task}: {task.Desired.GroupVersionKind} is still not served 30 s after its CRD was applied.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForEstablishedAsync(ClusterClient cluster, SyncTask task, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (_time.GetUtcNow() < deadline)
        {
            var crd = await cluster.GetAsync(task.Resource!, null, task.Key.Name, cancellationToken).ConfigureAwait(false);
            var established = (crd?.Root["status"]?["conditions"] as System.Text.Json.Nodes.JsonArray)?
                .Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True") == true;
            if (established)
            {
                cluster.Discovery.Invalidate();
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> RetryAsync<T>(Run run, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var policy = run.Request.Options.Retry;
        var backoff = policy.InitialBackoff;
        while (true)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.IsTransient && run.TryTakeRetry(policy.Limit))
            {
                var wait = e.RetryAfter is { } after && after > backoff ? after : backoff;
                LogRetry(_logger, run.Request.ApplicationName, wait, e.Message);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min((long)(backoff.Ticks * policy.Factor), policy.MaxBackoff.Ticks));
            }
        }
    }

    private static ApplyRequest Request(Run run, SyncTask task, bool dryRun)
    {
        var options = run.Request.Options;
        var strategy = options.Strategy;
        if (SyncAnnotations.HasOption(task.Desired, "Replace=true"))
        {
            strategy = ApplyStrategy.Replace;
        }
        else if (SyncAnnotations.HasOption(task.Desired, "Force=true"))
        {
            strategy = ApplyStrategy.Force;
        }
        else if (SyncAnnotations.HasOption(task.Desired, "ServerSideApply=false"))
        {
            strategy = ApplyStrategy.ClientSide;
        }

        return new ApplyRequest
        {
            Desired = task.Desired!,
            Live = task.Live,
            Strategy = strategy,
            DryRun = dryRun,
            FieldManager = options.FieldManager,
            ForceConflicts = options.ForceConflicts,
            RecreateOnImmutableChange = options.RecreateOnImmutableChange,
        };
    }

    private static ResourceResult Result(SyncTask task, ApplyOutcome outcome, string message) => new()
    {
        Key = task.Live?.Key ?? task.Key,
        ApiVersion = task.ApiVersion,
        Phase = task.Phase,
        Wave = task.Wave,
        Outcome = outcome,
        Message = message,
        IsHook = task.IsHook,
    };

    private static string Summarize(OperationState state) =>
        string.Join(", ", state.Results.Where(r => !r.IsHook).GroupBy(r => r.Outcome).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));

    private Task SaveAsync(Run run, CancellationToken cancellationToken) => _store.SaveAsync(run.State, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync of {Application} ended {Phase}: {Message}")]
    private static partial void LogFinished(ILogger logger, string application, OperationPhase phase, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming operation {Operation} of {Application} after {Steps} finished step(s)")]
    private static partial void LogResuming(ILogger logger, string application, string operation, int steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync of {Application}: transient API failure, retrying in {Delay}: {Message}")]
    private static partial void LogRetry(ILogger logger, string application, TimeSpan delay, string message);

    /// <summary>The mutable side of one operation; the state record is replaced on every change.</summary>
    private sealed class Run
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, ResourceResult> _results = new(StringComparer.Ordinal);

        public Run(SyncRequest request, OperationState state)
        {
            Request = request;
            State = state;
            foreach (var result in state.Results)
            {
                _results[$"{result.Phase}|{result.Key}"] = result;
            }
        }

        public SyncRequest Request { get; }

        public OperationState State { get; private set; }

        public ConcurrentQueue<string> Failures { get; } = new();

        public bool PruneConfirmed { get; set; }

        public bool TryTakeRetry(int limit)
        {
            lock (_gate)
            {
                if (State.Retries >= limit)
                {
                    return false;
                }

                State = State with { Retries = State.Retries + 1 };
                return true;
            }
        }

        public void Record(ResourceResult result)
        {
            lock (_gate)
            {
                _results[$"{result.Phase}|{result.Key}"] = result;
                State = State with { Results = [.. _results.Values] };
            }
        }

        public void Update(string message)
        {
            lock (_gate)
            {
                State = State with { Message = message };
            }
        }

        public void CompleteStep(string step)
        {
            lock (_gate)
            {
                State = State with { CompletedSteps = [.. State.CompletedSteps, step] };
            }
        }

        public void Finish(OperationPhase phase, string message, TimeProvider time)
        {
            lock (_gate)
            {
                State = State with { Phase = phase, Message = message, FinishedAt = time.GetUtcNow() };
            }
        }
    }
}
