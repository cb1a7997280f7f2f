using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using GitOps.Reconcile;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace GitOps.Dashboard.Live;

/// <summary>
/// <c>/events</c>: a server-sent event stream with a <c>status</c> event each time an application's visible status
/// changes, an <c>operation</c> event when a sync or rollback started from the dashboard begins, and a comment every
/// <see cref="KeepAlive"/> so idle connections stay open and dead ones are noticed.
/// </summary>
internal static class StatusEventsEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app) => app.MapGet("/events", StreamAsync);

    private static async Task StreamAsync(HttpContext http, DashboardContext dashboard, OperationFeed operations, IHostApplicationLifetime life)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, life.ApplicationStopping);
        var token = stop.Token;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Three sources, one writer: each source posts finished messages, the loop below writes them in turn.
        var messages = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var sources = Task.WhenAll(
            PumpStatusesAsync(dashboard.Statuses, messages.Writer, token),
            PumpOperationsAsync(operations, messages.Writer, token),
            PumpKeepAliveAsync(messages.Writer, token));
        try
        {
            await http.Response.WriteAsync("retry: 2000\n: connected\n\n", token).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(token).ConfigureAwait(false);
            await foreach (var message in messages.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                await http.Response.WriteAsync(message, token).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The browser left or the dashboard stops.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await sources.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task PumpStatusesAsync(IApplicationStatusStore store, ChannelWriter<string> messages, CancellationToken cancellationToken)
    {
        try
        {
            // Start watching before reading what is there, so no change falls between the two.
            var changes = Changes(store, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (changes.ConfigureAwait(false))
            {
                var next = changes.MoveNextAsync();
                var shown = (await store.ListAsync(cancellationToken).ConfigureAwait(false))
                    .ToDictionary(s => s.Application, StatusEvent.Fingerprint, StringComparer.Ordinal);
                while (await next.ConfigureAwait(false))
                {
                    var status = changes.Current;
                    var fingerprint = StatusEvent.Fingerprint(status);
                    if (!shown.TryGetValue(status.Application, out var before) || before != fingerprint)
                    {
                        shown[status.Application] = fingerprint;
                        messages.TryWrite($"event: status\ndata: {JsonSerializer.Serialize(StatusEvent.From(status), Json)}\n\n");
                    }

                    next = changes.MoveNextAsync();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ends with the stream.
        }
    }

    private static async Task PumpOperationsAsync(OperationFeed operations, ChannelWriter<string> messages, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var application in operations.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                messages.TryWrite($"event: operation\ndata: {JsonSerializer.Serialize(new { application }, Json)}\n\n");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ends with the stream.
        }
    }

    private static async Task PumpKeepAliveAsync(ChannelWriter<string> messages, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(KeepAlive);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                messages.TryWrite(": keep-alive\n\n");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
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
