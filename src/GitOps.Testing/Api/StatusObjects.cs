using System.Text.Json.Nodes;

namespace GitOps.Testing.Api;

/// <summary>Builds <c>Status</c> objects and the API errors of the real server, with their codes and messages.</summary>
internal static class StatusObjects
{
    public static JsonObject Failure(int code, string reason, string message, StatusDetails? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            var d = new JsonObject();
            if (details.Name is not null)
            {
                d["name"] = details.Name;
            }

            if (!string.IsNullOrEmpty(details.Group))
            {
                d["group"] = details.Group;
            }

            if (details.Kind is not null)
            {
                d["kind"] = details.Kind;
            }

            if (details.Causes is { Count: > 0 } causes)
            {
                var array = new JsonArray();
                foreach (var cause in causes)
                {
                    var c = new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message };
                    if (cause.Field is not null)
                    {
                        c["field"] = cause.Field;
                    }

                    array.Add(c);
                }

                d["causes"] = array;
            }

            status["details"] = d;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(string? name, string group, string kind, string? uid)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind };
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    /// <summary>The resource part of messages: <c>resource.group</c>, or just <c>resource</c> for the core group.</summary>
    public static string Qualified(string resource, string group) => group.Length == 0 ? resource : $"{resource}.{group}";

    public static ApiException NotFound(string resource, string group, string name) =>
        new(404, "NotFound", $"{Qualified(resource, group)} \"{name}\" not found", new StatusDetails(name, group, resource));

    public static ApiException AlreadyExists(string resource, string group, string name) =>
        new(409, "AlreadyExists", $"{Qualified(resource, group)} \"{name}\" already exists", new StatusDetails(name, group, resource));

    public static ApiException Conflict(string resource, string group, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(resource, group)} \"{name}\": {why}", new StatusDetails(name, group, resource));

    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<StatusCause> causes)
    {
        var list = string.Join(", ", causes.Select(c => c.Field is null ? c.Message : $"{c.Field}: {c.Message}"));
        var message = causes.Count == 1 ? list : $"[{list}]";
        return new ApiException(422, "Invalid", $"{Qualified(kind, group)} \"{name}\" is invalid: {message}", new StatusDetails(name, group, kind, causes));
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got \"{contentType}\")");

    public static ApiException Forbidden(string resource, string group, string name, string why) =>
        new(403, "Forbidden", $"{Qualified(resource, group)} \"{name}\" is forbidden: {why}", new StatusDetails(name, group, resource));

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException PageNotFound() => new(404, "NotFound", "the server could not find the requested resource");
}
