using System.Text.Json.Nodes;

namespace GitOps.Testing.Api;

/// <summary>An API error that becomes a <c>Status</c> object with the given HTTP code and reason.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, StatusDetails? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public ApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public ApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public StatusDetails? Details { get; }

    public JsonObject ToStatus() => StatusObjects.Failure(Code, Reason, Message, Details);
}
