using GitOps.Applications.Webhooks;
using GitOps.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOps;

/// <summary>Maps the Git push webhook endpoint.</summary>
public static class GitOpsWebhookEndpointExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>: a GitHub, GitLab, Bitbucket or generic push webhook, checked with the
    /// secrets of <see cref="GitOpsControllerOptions.Webhook"/> by <see cref="GitWebhookParser"/>, refreshes the
    /// applications of the pushed repository and revision at once (<c>ReconcileLoop.HandlePush</c>). Answers 200 with
    /// the applications refreshed, 200 for events that are not pushes, 401 for a missing or wrong secret or signature,
    /// 400 for a malformed payload and 413 for one over <see cref="GitWebhookOptions.MaxPayloadBytes"/>. Needs
    /// <c>AddGitOpsController</c>. Responses never contain a secret.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route; Argo CD's is <c>/api/webhook</c>.</param>
    /// <returns>The endpoint's convention builder, to add authorization, rate limits and so on.</returns>
    public static IEndpointConventionBuilder MapGitOpsWebhooks(this IEndpointRouteBuilder endpoints, string pattern = "/api/webhook")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, (HttpContext context, GitOpsWebhookHandler handler) => handler.HandleAsync(context));
    }
}
