using GitOps.Applications;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GitOps.Dashboard.Pages;

/// <summary>
/// The pages: <c>/</c> (applications), <c>/app?name=</c> (one application) and <c>/app/diff?name=</c>. A request with
/// the <see cref="PartialHeader"/> header gets the main region alone, which the page's script swaps in on live updates.
/// </summary>
internal static class PageEndpoints
{
    public const string PartialHeader = "X-Dashboard-Partial";

    public static void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery) =>
            ServeAsync(http, dashboard, antiforgery, (_, ct) => ApplicationListPage.RenderAsync(dashboard, ct)));
        app.MapGet("/app", (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, string? name) =>
            ServeAppAsync(http, dashboard, antiforgery, name, ApplicationPage.RenderAsync));
        app.MapGet("/app/diff", (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, string? name) =>
            ServeAppAsync(http, dashboard, antiforgery, name, DiffPage.RenderAsync));
    }

    public static async Task<IResult> ServeAsync(
        HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, Func<string, CancellationToken, Task<PageContent>> render, int statusCode = StatusCodes.Status200OK)
    {
        var csrf = antiforgery.GetAndStoreTokens(http).RequestToken ?? string.Empty;
        var page = await render(csrf, http.RequestAborted).ConfigureAwait(false);
        var partial = http.Request.Headers.ContainsKey(PartialHeader);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(partial ? page.Body : Layout.Render(dashboard, page, csrf), "text/html; charset=utf-8", statusCode: statusCode);
    }

    private static Task<IResult> ServeAppAsync(
        HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, string? name,
        Func<DashboardContext, Application, string, CancellationToken, Task<PageContent>> render)
    {
        var app = dashboard.Loop.Applications.FirstOrDefault(a => a.QualifiedName == name);
        if (app is null)
        {
            return ServeAsync(http, dashboard, antiforgery, (_, _) => Task.FromResult(new PageContent("missing", null, "Not found",
                $"<h1>No such application</h1><p>The dashboard has no application named <code>{Html.E(name)}</code>. <a href=\"/\">See all applications</a>.</p>")),
                StatusCodes.Status404NotFound);
        }

        return ServeAsync(http, dashboard, antiforgery, (csrf, ct) => render(dashboard, app, csrf, ct));
    }
}
