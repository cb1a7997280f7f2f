using System.Net;
using System.Text.Json.Nodes;

namespace GitOps.Cluster;

/// <summary>The API server refused a request; carries its Status (code, reason, message, causes).</summary>
public sealed class KubernetesApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubernetesApiException()
        : this("The Kubernetes API request failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public KubernetesApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a response.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="reason">The Status reason, such as <c>Conflict</c> or <c>Invalid</c>.</param>
    /// <param name="message">The request and the server's message.</param>
    /// <param name="status">The Status object, when the server sent one.</param>
    /// <param name="retryAfter">The Retry-After the server asked for, if any.</param>
    public KubernetesApiException(HttpStatusCode statusCode, string reason, string message, JsonObject? status = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        Status = status;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code; 0 when no response came.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status reason, such as <c>NotFound</c>, <c>Conflict</c>, <c>Invalid</c>; empty when unknown.</summary>
    public string Reason { get; } = string.Empty;

    /// <summary>The Status object the server sent, if any.</summary>
    public JsonObject? Status { get; }

    /// <summary>How long the server asked to wait before retrying (429 and 503 responses).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the object was not found.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>Whether the request conflicts (a stale resourceVersion, an apply conflict, an existing object).</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    /// <summary>Whether retrying may help: throttling, server errors, timeouts, and update conflicts.</summary>
    public bool IsTransient =>
        StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout
        || (StatusCode == 0 && InnerException is HttpRequestException or TimeoutException or IOException);
}
