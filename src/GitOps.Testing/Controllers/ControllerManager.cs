using System.Collections.Concurrent;
using GitOps.Testing.Api;
using GitOps.Testing.Diagnostics;
using GitOps.Testing.Json;
using GitOps.Testing.Storage;
using Microsoft.Extensions.Logging;

namespace GitOps.Testing.Controllers;

/// <summary>
/// Runs the simulated controllers: one watch on all of storage; each change to an object a controller handles (or
/// to a dependent of it) queues that object, deduplicated, for reconciliation after the configured delay, under the
/// store lock like any other write.
/// </summary>
internal sealed class ControllerManager : IAsyncDisposable
{
    private readonly ControllerContext _context;
    private readonly Dictionary<string, IController[]> _controllers;
    private readonly EmulatedControllersOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Watcher _watcher = new(null, null);
    private readonly ConcurrentDictionary<(string GroupResource, string Namespace, string Name), byte> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    public ControllerManager(ControllerContext context, IEnumerable<IController> controllers, EmulatedControllersOptions options, TimeProvider time, ILogger logger)
    {
        _context = context;
        _controllers = controllers.GroupBy(c => c.GroupResource, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _options = options;
        _time = time;
        _logger = logger;
    }

    public void Start()
    {
        lock (_context.Store.Gate)
        {
            _context.Store.Subscribe(_watcher, null);
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _context.Store.Unsubscribe(_watcher);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        await foreach (var e in _watcher.Events.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (_controllers.ContainsKey(e.GroupResource) && e.Type != WatchEventType.Deleted)
            {
                Enqueue(e.GroupResource, e.Namespace, e.Object.Name(), ct);
            }

            // A pod's change wakes the Services selecting it (their endpoints list it).
            if (e.GroupResource == PodTemplate.Pods)
            {
                WakeServices(e.Object, ct);
            }

            // A change to an autoscaler's target wakes the autoscaler (the real one re-reads its target every 15 s).
            if (e.GroupResource is not (PodTemplate.Pods or HorizontalPodAutoscalerController.Autoscalers))
            {
                WakeAutoscalers(e.Object, ct);
            }

            // A dependent's change wakes its controller owners up the chain: a pod of a ReplicaSet wakes the
            // ReplicaSet and its Deployment too, whose status depends on the pods (crash loops) even when the
            // ReplicaSet's own status does not change.
            var current = e.Object;
            for (var depth = 0; depth < 3; depth++)
            {
                var owner = current.Metadata().Items("ownerReferences").FirstOrDefault(r => r.IsTrue("controller"));
                if (owner is null)
                {
                    break;
                }

                (string GroupResource, System.Text.Json.Nodes.JsonObject Object)? found;
                lock (_context.Store.Gate)
                {
                    found = _context.Store.GetByUid(owner.GetString("uid") ?? string.Empty);
                }

                if (found is not { } o)
                {
                    break;
                }

                if (_controllers.ContainsKey(o.GroupResource))
                {
                    Enqueue(o.GroupResource, o.Object.Namespace(), o.Object.Name(), ct);
                }

                current = o.Object;
            }
        }
    }

    private void WakeServices(System.Text.Json.Nodes.JsonObject pod, CancellationToken ct)
    {
        List<string> services;
        lock (_context.Store.Gate)
        {
            services = _context.Store.List("services", pod.Namespace())
                .Where(s => EndpointsController.Selects(JsonObjectExtensions.StringMap(s.Value.Child("spec")?["selector"]), pod))
                .Select(s => s.Value.Name())
                .ToList();
        }

        foreach (var service in services)
        {
            Enqueue("services", pod.Namespace(), service, ct);
        }
    }

    private void WakeAutoscalers(System.Text.Json.Nodes.JsonObject target, CancellationToken ct)
    {
        var kind = target.GetString("kind");
        List<string> autoscalers;
        lock (_context.Store.Gate)
        {
            if (!_context.Store.AnyIn(HorizontalPodAutoscalerController.Autoscalers))
            {
                return;
            }

            autoscalers = _context.Store.List(HorizontalPodAutoscalerController.Autoscalers, target.Namespace())
                .Where(a => a.Value.Child("spec").Child("scaleTargetRef") is { } r && r.GetString("name") == target.Name() && r.GetString("kind") == kind)
                .Select(a => a.Value.Name())
                .ToList();
        }

        foreach (var autoscaler in autoscalers)
        {
            Enqueue(HorizontalPodAutoscalerController.Autoscalers, target.Namespace(), autoscaler, ct);
        }
    }

    private void Enqueue(string groupResource, string ns, string name, CancellationToken ct)
    {
        if (!_pending.TryAdd((groupResource, ns, name), 0))
        {
            return;
        }

        if (_options.Delay == TimeSpan.Zero)
        {
            Reconcile(groupResource, ns, name);
            return;
        }

        _ = Task.Run(
            async () =>
            {
                try
                {
                    await Task.Delay(_options.Delay, _time, ct).ConfigureAwait(false);
                    Reconcile(groupResource, ns, name);
                }
                catch (OperationCanceledException)
                {
                    // The emulator is stopping.
                }
            },
            ct);
    }

    private void Reconcile(string groupResource, string ns, string name)
    {
        _pending.TryRemove((groupResource, ns, name), out _);
        try
        {
            lock (_context.Store.Gate)
            {
                if (_context.Store.Get(groupResource, ns, name) is { } obj && !obj.IsDeleting())
                {
                    foreach (var controller in _controllers[groupResource])
                    {
                        // Each controller reads the object as stored now: the one before may have changed it.
                        if (_context.Store.Get(groupResource, ns, name) is { } current && !current.IsDeleting())
                        {
                            controller.Reconcile(_context, current.DeepCloneObject());
                        }
                    }
                }
            }
        }
        catch (ApiException e)
        {
            // A namespace being deleted, an object gone meanwhile...: the next change queues it again.
            EmulatorLog.ControllerSkipped(_logger, groupResource, ns, name, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A controller bug must not stop the other controllers or the server.
            EmulatorLog.ControllerFailed(_logger, e, groupResource, ns, name);
        }
    }
}
