using GitOps.Applications.Webhooks;
using GitOps.Reconcile;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOps.Hosting;

// Serves one webhook request: reads the body within the size limit, lets the parser authenticate and parse it, and
// refreshes the applications each push concerns.
internal sealed partial class GitOpsWebhookHandler(GitWebhookParser parser, ReconcileLoop loop, ILogger<GitOpsWebhookHandler> logger)
{
    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var limit = parser.Options.MaxPayloadBytes;
        if (context.Request.ContentLength > limit)
        {
            return Answer(StatusCodes.Status413PayloadTooLarge, "too-large", $"the payload is larger than {limit} bytes");
        }

        var body = await ReadAsync(context.Request.Body, limit, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Answer(StatusCodes.Status413PayloadTooLarge, "too-large", $"the payload is larger than {limit} bytes");
        }

        var headers = context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        var result = parser.Parse(headers, body);
        var provider = result.Provider?.ToString() ?? "unknown";
        switch (result.Status)
        {
            case GitWebhookStatus.Accepted:
                var refreshed = result.Events.SelectMany(loop.HandlePush).Select(a => a.QualifiedName).Distinct(StringComparer.Ordinal).ToList();
                LogAccepted(logger, provider, result.Events.Count, refreshed.Count);
                return Results.Json(new WebhookAnswer("accepted", result.Message, refreshed));
            case GitWebhookStatus.Ignored:
                return Answer(StatusCodes.Status200OK, "ignored", result.Message);
            case GitWebhookStatus.Unauthorized:
                LogRefused(logger, provider, result.Message);
                return Answer(StatusCodes.Status401Unauthorized, "unauthorized", result.Message);
            default:
                LogRefused(logger, provider, result.Message);
                return Answer(StatusCodes.Status400BadRequest, "invalid", result.Message);
        }
    }

    private static IResult Answer(int statusCode, string status, string message) =>
        Results.Json(new WebhookAnswer(status, message, []), statusCode: statusCode);

    // Null when the body is over the limit (a chunked request gives no length up front).
    private static async Task<byte[]?> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} webhook with {Pushes} push(es) refreshes {Count} application(s)")]
    private static partial void LogAccepted(ILogger logger, string provider, int pushes, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} webhook refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string provider, string reason);

    internal sealed record WebhookAnswer(string Status, string Message, IReadOnlyList<string> Applications);
}
