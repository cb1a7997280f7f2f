using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace GitOps.Dashboard.Security;

/// <summary>Validates the anti-forgery token of a POST (form field or <see cref="DashboardServer.CsrfHeader"/> header).</summary>
internal static class AntiforgeryCheck
{
    /// <summary>Null when the request carries a valid token; else the 400 answer to send.</summary>
    public static async Task<IResult?> RejectAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem(
                title: "Missing or invalid anti-forgery token",
                detail: "Actions must come from the dashboard's own pages: reload the page and try again.",
                statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
