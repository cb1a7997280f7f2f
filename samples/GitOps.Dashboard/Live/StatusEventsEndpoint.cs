using System.Runtime.CompilerServices;
using System.Text.Json;
using GitOps.Reconcile;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace GitOps.Dashboard.Live;

/// <summary>
/// <c>/events</c>: a server-sent event stream with one <c>status</c> event each time an application's visible status
/// changes, and a comment every <see cref="KeepAlive"/> so idle connections stay open and dead ones are noticed.
/// </summary>
internal static class StatusEventsEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app) => app.MapGet("/events", StreamAsync);

    private static async Task StreamAsync(HttpContext http, DashboardContext dashboard, IHostApplicationLifetime life)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, life.ApplicationStopping);
        var token = stop.Token;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var writing = new SemaphoreSlim(1, 1);
        async Task WriteAsync(string text)
        {
            await writing.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await http.Response.WriteAsync(text, token).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(token).ConfigureAwait(false);
            }
            finally
            {
                writing.Release();
            }
        }

        try
        {
            // Start watching before reading what is there, so no change falls between the two.
            var changes = Changes(dashboard.Statuses, token).GetAsyncEnumerator(token);
            await using (changes.ConfigureAwait(false))
            {
                var next = changes.MoveNextAsync();
                var shown = (await dashboard.Statuses.ListAsync(token).ConfigureAwait(false))
                    .ToDictionary(s => s.Application, StatusEvent.Fingerprint, StringComparer.Ordinal);
                await WriteAsync("retry: 2000\n: connected\n\n").ConfigureAwait(false);
                var pings = PingAsync(WriteAsync, token);
                while (await next.ConfigureAwait(false))
                {
                    var status = changes.Current;
                    var fingerprint = StatusEvent.Fingerprint(status);
                    if (!shown.TryGetValue(status.Application, out var before) || before != fingerprint)
                    {
                        shown[status.Application] = fingerprint;
                        await WriteAsync($"event: status\ndata: {JsonSerializer.Serialize(StatusEvent.From(status), Json)}\n\n").ConfigureAwait(false);
                    }

                    next = changes.MoveNextAsync();
                }

                await pings.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The browser left or the dashboard stops.
        }
    }

    private static async Task PingAsync(Func<string, Task> write, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(KeepAlive);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await write(": keep-alive\n\n").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Ends with the stream.
        }
    }

    private static IAsyncEnumerable<ApplicationStatus> Changes(IApplicationStatusStore store, CancellationToken cancellationToken) =>
        store is IObservableApplicationStatusStore observable ? observable.WatchAsync(cancellationToken) : PollAsync(store, cancellationToken);

    // Stores that cannot be watched are read again every second; the fingerprints keep unchanged ones quiet.
    private static async IAsyncEnumerable<ApplicationStatus> PollAsync(IApplicationStatusStore store, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            foreach (var status in await store.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return status;
            }
        }
    }
}
