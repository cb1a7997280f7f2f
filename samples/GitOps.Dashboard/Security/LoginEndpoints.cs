using GitOps.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GitOps.Dashboard.Security;

/// <summary><c>/login</c> exchanges the access token for a session cookie; <c>/logout</c> drops it. Both POSTs need the anti-forgery token.</summary>
internal static class LoginEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/login", (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery, string? returnUrl) =>
            PageEndpoints.ServeAsync(http, dashboard, antiforgery, (csrf, _) => Task.FromResult(LoginPage.Render(csrf, LocalOnly(returnUrl), null))));

        app.MapPost("/login", async (HttpContext http, DashboardContext dashboard, IAntiforgery antiforgery) =>
        {
            if (await AntiforgeryCheck.RejectAsync(http, antiforgery).ConfigureAwait(false) is { } rejected)
            {
                return rejected;
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var returnUrl = LocalOnly(form["returnUrl"]);
            if (http.Items[typeof(AccessToken)] is not AccessToken token)
            {
                return Results.Redirect(returnUrl);
            }

            if (!token.Matches(form["token"]))
            {
                return await PageEndpoints.ServeAsync(http, dashboard, antiforgery,
                    (csrf, _) => Task.FromResult(LoginPage.Render(csrf, returnUrl, "That token is not the dashboard's access token.")), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            }

            http.Response.Cookies.Append(AccessToken.CookieName, token.SessionValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = "/",
            });
            return Results.Redirect(returnUrl);
        });

        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (await AntiforgeryCheck.RejectAsync(http, antiforgery).ConfigureAwait(false) is { } rejected)
            {
                return rejected;
            }

            http.Response.Cookies.Delete(AccessToken.CookieName);
            return Results.Redirect("/login");
        });
    }

    // Only a path of this site: an absolute or protocol-relative URL would make the login an open redirect.
    private static string LocalOnly(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
