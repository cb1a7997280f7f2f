using GitOps.Dashboard.Live;
using GitOps.Dashboard.Pages;
using GitOps.Dashboard.Security;
using GitOps.Sync;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace GitOps.Dashboard.Actions;

/// <summary>
/// The actions, all POST with an anti-forgery token: <c>/app/sync</c>, <c>/app/refresh</c> (<c>hard=true</c> re-renders)
/// and <c>/app/rollback?id=</c>. A script's request (header <c>X-Requested-With: fetch</c>) gets an
/// <see cref="ActionResponse"/> as JSON; a plain form post is redirected back to the application.
/// </summary>
internal static class ActionEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/app/sync", (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, OperationFeed feed, IHostApplicationLifetime life, string? name) =>
            ActAsync(http, dashboard, antiforgery, name, () => OperateAsync("Sync", name!, feed, dashboard.Loop.SyncAsync(name!, life.ApplicationStopping))));

        app.MapPost("/app/rollback", (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, OperationFeed feed, IHostApplicationLifetime life, string? name, long? id) =>
            ActAsync(http, dashboard, antiforgery, name, () => id is { } history
                ? OperateAsync("Rollback", name!, feed, dashboard.Loop.RollbackAsync(name!, history, life.ApplicationStopping))
                : throw new ArgumentException("The rollback needs the history entry's id (query parameter id).")));

        app.MapPost("/app/refresh", (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, string? name, bool? hard) =>
            ActAsync(http, dashboard, antiforgery, name, () => Task.FromResult(dashboard.Loop.Refresh(name!, hard == true)
                ? new ActionResponse(true, hard == true ? "Hard refresh requested." : "Refresh requested.")
                : throw new KeyNotFoundException($"The dashboard has no application {name}."))));
    }

    // The operations run on the server's lifetime, not the request's: closing the tab must not cut a sync short.
    private static async Task<IResult> ActAsync(HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, string? name, Func<Task<ActionResponse>> act)
    {
        if (await AntiforgeryCheck.RejectAsync(http, antiforgery).ConfigureAwait(false) is { } rejected)
        {
            return rejected;
        }

        if (string.IsNullOrEmpty(name) || dashboard.Loop.Applications.All(a => a.QualifiedName != name))
        {
            return Answer(http, name, StatusCodes.Status404NotFound, new ActionResponse(false, $"The dashboard has no application {name}."));
        }

        try
        {
            return Answer(http, name, StatusCodes.Status200OK, await act().ConfigureAwait(false));
        }
        catch (KeyNotFoundException e)
        {
            return Answer(http, name, StatusCodes.Status404NotFound, new ActionResponse(false, e.Message));
        }
        catch (InvalidOperationException e)
        {
            // Busy, automated (rollback), unknown history entry: the request is fine, the state refuses it.
            return Answer(http, name, StatusCodes.Status409Conflict, new ActionResponse(false, e.Message));
        }
        catch (ArgumentException e)
        {
            return Answer(http, name, StatusCodes.Status400BadRequest, new ActionResponse(false, e.Message));
        }
    }

    // The loop marks the operation running before its first await, so viewers told now render it as running.
    private static async Task<ActionResponse> OperateAsync(string what, string application, OperationFeed feed, Task<OperationState> operation)
    {
        if (!operation.IsCompleted)
        {
            feed.Publish(application);
        }

        return Describe(what, await operation.ConfigureAwait(false));
    }

    private static ActionResponse Describe(string what, OperationState operation) => new(
        operation.Phase == OperationPhase.Succeeded,
        $"{what} to {Html.ShortRevision(operation.Revision)} {operation.Phase.ToString().ToLowerInvariant()}{(operation.Message.Length == 0 ? "." : ": " + operation.Message)}");

    private static IResult Answer(HttpContext http, string? name, int statusCode, ActionResponse response) =>
        http.Request.Headers.XRequestedWith == "fetch"
            ? Results.Json(response, statusCode: statusCode)
            : statusCode == StatusCodes.Status200OK && name is not null
                ? Results.Redirect(Html.AppUrl(name), permanent: false, preserveMethod: false)
                : Results.Text(response.Message, "text/plain; charset=utf-8", statusCode: statusCode);
}
