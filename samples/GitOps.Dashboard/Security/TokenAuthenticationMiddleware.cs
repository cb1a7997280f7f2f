using Microsoft.AspNetCore.Http;

namespace GitOps.Dashboard.Security;

/// <summary>
/// When the dashboard has a token, lets through only requests bearing it (<c>Authorization: Bearer</c>) or the session
/// cookie the login page sets; the login page and the assets are open. Pages redirect to the login page, the rest get 401.
/// </summary>
internal sealed class TokenAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AccessToken? _token;

    public TokenAuthenticationMiddleware(RequestDelegate next, DashboardContext dashboard)
    {
        _next = next;
        _token = dashboard.Options.Token is { Length: > 0 } token ? new AccessToken(token) : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_token is null || IsOpen(context.Request.Path) || IsAuthenticated(context.Request, _token))
        {
            context.Items[typeof(AccessToken)] = _token;
            return _next(context);
        }

        if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/events", StringComparison.Ordinal))
        {
            context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsync("The dashboard needs its access token (Authorization: Bearer, or log in).");
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/login", StringComparison.Ordinal) || path.StartsWithSegments("/assets", StringComparison.Ordinal);

    private static bool IsAuthenticated(HttpRequest request, AccessToken token)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && token.Matches(authorization["Bearer ".Length..].Trim()))
        {
            return true;
        }

        return token.MatchesSession(request.Cookies[AccessToken.CookieName]);
    }
}
