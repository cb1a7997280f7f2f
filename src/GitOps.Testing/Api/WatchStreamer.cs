using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Testing.Json;
using GitOps.Testing.Resources;
using GitOps.Testing.Selectors;
using GitOps.Testing.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GitOps.Testing.Api;

/// <summary>
/// Streams watch events as JSON lines of <c>{"type", "object"}</c> over a chunked response: the initial state
/// or the history after a resource version, then live changes, bookmarks when asked, until the timeout, the
/// client closing, or the emulator stopping. Too old a resource version gets an ERROR event with a 410 Status.
/// </summary>
internal sealed class WatchStreamer
{
    private readonly ObjectStore _store;
    private readonly KubernetesEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;

    public WatchStreamer(ObjectStore store, KubernetesEmulatorOptions options, TimeProvider time, CancellationToken stopping)
    {
        _store = store;
        _options = options;
        _time = time;
        _stopping = stopping;
    }

    public async Task ServeAsync(HttpContext context, ResourceType type, string? ns, string? name, IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type.Kind);
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var sendInitial = query["sendInitialEvents"] == "true";
        var rvText = query["resourceVersion"].ToString();
        var timeout = TimeoutFrom(query["timeoutSeconds"]);
        long? from = null;
        if (rvText.Length > 0 && rvText != "0")
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv))
            {
                throw StatusObjects.BadRequest($"resourceVersion: Invalid value: \"{rvText}\": must be a decimal integer");
            }

            from = rv;
        }

        // kubectl get --watch asks for Tables: each event then carries a one-row Table, as from a real server.
        Func<JsonObject, JsonObject> shape = TableConverter.Wanted(context.Request.Headers.Accept.ToString())
            ? obj => TableConverter.Convert(type, obj, _time.GetUtcNow())
            : obj => obj;

        bool Matches(JsonObject? obj) =>
            obj is not null && (name is null || obj.Name() == name) && fields.Matches(obj) && labels.Matches(obj.Labels());

        var watcher = new Watcher(type.GroupResource, type.Namespaced ? ns : null);
        var initial = new List<(string Type, JsonObject Object)>();
        List<StoredEvent>? replay;
        long startVersion;
        lock (_store.Gate)
        {
            startVersion = _store.ResourceVersion;
            if (from is null || sendInitial)
            {
                foreach (var (_, obj) in _store.List(type.GroupResource, type.Namespaced ? ns : null))
                {
                    if (Matches(obj))
                    {
                        initial.Add(("ADDED", shape(ResourceService.Present(type, obj))));
                    }
                }

                replay = _store.Subscribe(watcher, null);
            }
            else
            {
                replay = _store.Subscribe(watcher, from);
            }
        }

        try
        {
            var response = context.Response;
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.Headers.CacheControl = "no-cache, private";
            await response.StartAsync(context.RequestAborted).ConfigureAwait(false);

            // Clients wait for the headers before reading events; send them now, not with the first event.
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);

            if (replay is null)
            {
                var gone = StatusObjects.Gone($"too old resource version: {from} ({_store.OldestResumable + 1})").ToStatus();
                await WriteEventAsync(response, "ERROR", gone, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            foreach (var (eventType, obj) in initial)
            {
                await WriteEventAsync(response, eventType, obj, context.RequestAborted).ConfigureAwait(false);
            }

            foreach (var e in replay)
            {
                await WriteStoredAsync(response, type, e, Matches, shape, context.RequestAborted).ConfigureAwait(false);
            }

            if (sendInitial && bookmarks)
            {
                var marker = Bookmark(type, startVersion);
                marker.Metadata()["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
                await WriteEventAsync(response, "BOOKMARK", marker, context.RequestAborted).ConfigureAwait(false);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            if (timeout is { } t)
            {
                linked.CancelAfter(t);
            }

            await StreamAsync(response, type, watcher, bookmarks, Matches, shape, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _store.Unsubscribe(watcher);
        }
    }

    private async Task StreamAsync(HttpResponse response, ResourceType type, Watcher watcher, bool bookmarks, Func<JsonObject?, bool> matches, Func<JsonObject, JsonObject> shape, CancellationToken ct)
    {
        var reader = watcher.Events.Reader;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (bookmarks)
                {
                    wait.CancelAfter(_options.BookmarkInterval);
                }

                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    long rv;
                    lock (_store.Gate)
                    {
                        rv = _store.ResourceVersion;
                    }

                    await WriteEventAsync(response, "BOOKMARK", Bookmark(type, rv), ct).ConfigureAwait(false);
                    continue;
                }

                while (reader.TryRead(out var e))
                {
                    await WriteStoredAsync(response, type, e, matches, shape, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout, client gone or emulator stopping: the watch ends by closing the stream, as on a real server.
        }
    }

    private static Task WriteStoredAsync(HttpResponse response, ResourceType type, StoredEvent e, Func<JsonObject?, bool> matches, Func<JsonObject, JsonObject> shape, CancellationToken ct)
    {
        // Selector transitions: an object that starts matching is ADDED, one that stops matching is DELETED.
        var now = matches(e.Object);
        var before = e.Type == WatchEventType.Modified && matches(e.Previous);
        string? kind = e.Type switch
        {
            WatchEventType.Added when now => "ADDED",
            WatchEventType.Deleted when now => "DELETED",
            WatchEventType.Modified when now && before => "MODIFIED",
            WatchEventType.Modified when now => "ADDED",
            WatchEventType.Modified when before => "DELETED",
            _ => null,
        };
        return kind is null ? Task.CompletedTask : WriteEventAsync(response, kind, shape(ResourceService.Present(type, e.Object)), ct);
    }

    private static JsonObject Bookmark(ResourceType type, long rv) => new()
    {
        ["kind"] = type.Kind,
        ["apiVersion"] = type.ApiVersion,
        ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture), ["creationTimestamp"] = null },
    };

    private static async Task WriteEventAsync(HttpResponse response, string type, JsonObject obj, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    private static TimeSpan? TimeoutFrom(StringValues value)
    {
        var text = value.ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw StatusObjects.BadRequest($"timeoutSeconds: invalid value \"{text}\"");
    }
}
