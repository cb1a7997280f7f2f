using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Testing.Diagnostics;
using GitOps.Testing.Json;
using GitOps.Testing.Patching;
using GitOps.Testing.Resources;
using GitOps.Testing.Selectors;
using GitOps.Testing.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Testing.Api;

/// <summary>
/// Serves every request: authentication, discovery, OpenAPI, and the resource verbs; answers errors as
/// <c>Status</c> objects and records each request in the log.
/// </summary>
internal sealed class ApiHandler
{
    private const string Json = "application/json";

    private readonly ResourceRegistry _registry;
    private readonly ResourceService _service;
    private readonly ApiRequestLog _log;
    private readonly WatchStreamer _watches;
    private readonly KubernetesEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[]? _tokenBytes;
    private readonly ILogger _logger;
    private readonly Faults.FaultRules _faults;

    public ApiHandler(ResourceRegistry registry, ResourceService service, ApiRequestLog log, WatchStreamer watches, KubernetesEmulatorOptions options, TimeProvider time, Faults.FaultRules faults)
    {
        _faults = faults;
        _registry = registry;
        _service = service;
        _log = log;
        _watches = watches;
        _options = options;
        _time = time;
        _tokenBytes = string.IsNullOrEmpty(options.BearerToken) ? null : Encoding.UTF8.GetBytes(options.BearerToken);
        _logger = options.LoggerFactory?.CreateLogger("GitOps.Testing.KubernetesEmulator") ?? NullLogger.Instance;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var target = RequestTarget.Parse(path);
        var verb = Verb(request.Method, target, request.Query);
        try
        {
            if (!Authorized(request))
            {
                throw new ApiException(401, "Unauthorized", "Unauthorized");
            }

            if (target is null)
            {
                await ServeNonResourceAsync(context, path).ConfigureAwait(false);
            }
            else if (await InjectFaultAsync(context, target, verb).ConfigureAwait(false))
            {
                // The fault answered (or dropped) the request.
            }
            else
            {
                await ServeResourceAsync(context, target, verb).ConfigureAwait(false);
            }
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a watch closed); nothing to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any other failure is a bug of the emulator: answer like the real server's panic handler, never crash.
            EmulatorLog.InternalError(_logger, e, request.Method, path);
            await WriteErrorAsync(context, new ApiException(500, "InternalError", $"Internal error occurred: {e.GetType().Name}: {e.Message}")).ConfigureAwait(false);
        }
        finally
        {
            EmulatorLog.RequestServed(_logger, request.Method, path, context.Response.StatusCode, verb);
            _log.Add(new ApiRequest(
                verb,
                request.Method,
                path,
                target?.Group ?? string.Empty,
                target?.Version ?? string.Empty,
                target?.Plural ?? string.Empty,
                target?.Subresource,
                target?.Namespace,
                target?.Name,
                context.Response.StatusCode,
                request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null));
        }
    }

    private static string Verb(string method, RequestTarget? target, IQueryCollection query)
    {
        if (target is null)
        {
            return method.ToLowerInvariant();
        }

        var named = target.Name is not null;
        return method switch
        {
            "GET" when target.LegacyWatch || IsTrue(query["watch"]) => "watch",
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
    }

    private bool Authorized(HttpRequest request)
    {
        if (_tokenBytes is null)
        {
            return true;
        }

        // The scheme is case-insensitive, as in the real server's bearer-token authenticator.
        var header = request.Headers.Authorization.ToString().Trim();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !header[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[(space + 1)..].Trim()), _tokenBytes);
    }

    private async Task ServeNonResourceAsync(HttpContext context, string path)
    {
        if (context.Request.Method != "GET")
        {
            throw StatusObjects.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }

        var accept = context.Request.Headers.Accept.ToString();
        var trimmed = path.TrimEnd('/');
        if (trimmed == "/openapi/v2" && accept.Contains(OpenApiDocuments.V2ProtobufMediaType, StringComparison.Ordinal))
        {
            var proto = OpenApiDocuments.V2Protobuf();
            context.Response.StatusCode = 200;
            context.Response.ContentType = OpenApiDocuments.V2ProtobufResponseType;
            context.Response.ContentLength = proto.Length;
            await context.Response.Body.WriteAsync(proto, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        JsonObject? body = trimmed switch
        {
            "/version" => VersionInfo(),
            "/api" when WantsAggregated(accept, out var v) => Aggregated(context, core: true, v),
            "/api" => DiscoveryDocuments.Versions(context.Request.Host.Value ?? "127.0.0.1"),
            "/apis" when WantsAggregated(accept, out var v) => Aggregated(context, core: false, v),
            "/apis" => DiscoveryDocuments.Groups(_registry),
            "/api/v1" => DiscoveryDocuments.Resources(_registry, string.Empty, "v1"),
            "/openapi/v2" => OpenApiDocuments.V2(),
            "/openapi/v3" => OpenApiDocuments.V3Index(_registry),
            "/healthz" or "/livez" or "/readyz" => null,
            _ when trimmed.StartsWith("/openapi/v3/", StringComparison.Ordinal) => OpenApiDocuments.V3(_registry, trimmed["/openapi/v3/".Length..]),
            _ when trimmed.StartsWith("/apis/", StringComparison.Ordinal) => GroupDocument(trimmed["/apis/".Length..]),
            _ => null,
        };

        if (trimmed is "/healthz" or "/livez" or "/readyz")
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (body is null)
        {
            throw StatusObjects.PageNotFound();
        }

        if (context.Response.ContentType is null)
        {
            context.Response.ContentType = Json;
        }

        await WriteJsonAsync(context, 200, body, setContentType: false).ConfigureAwait(false);
    }

    private JsonObject? GroupDocument(string rest)
    {
        var parts = rest.Split('/');
        return parts.Length switch
        {
            1 => DiscoveryDocuments.Group(_registry, parts[0]),
            2 => DiscoveryDocuments.Resources(_registry, parts[0], parts[1]),
            _ => null,
        };
    }

    private static bool WantsAggregated(string accept, out string version)
    {
        version = MediaTypes.Wanted(accept, "APIGroupDiscoveryList", "apidiscovery.k8s.io") ?? string.Empty;
        return version is "v2" or "v2beta1";
    }

    private JsonObject Aggregated(HttpContext context, bool core, string version)
    {
        context.Response.ContentType = $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";
        return DiscoveryDocuments.Aggregated(_registry, core, "apidiscovery.k8s.io/" + version);
    }

    private JsonObject VersionInfo()
    {
        var parts = _options.KubernetesVersion.TrimStart('v').Split('.', '-', '+');
        return new JsonObject
        {
            ["major"] = parts[0],
            ["minor"] = parts.Length > 1 ? parts[1] : "0",
            ["gitVersion"] = _options.KubernetesVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-01-01T00:00:00Z",
            ["goVersion"] = "go1.24.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
            ["emulationMajor"] = parts[0],
            ["emulationMinor"] = parts.Length > 1 ? parts[1] : "0",
        };
    }

    private async Task ServeResourceAsync(HttpContext context, RequestTarget target, string verb)
    {
        var type = _registry.Find(target.Group, target.Version, target.Plural) ?? throw StatusObjects.PageNotFound();
        if (target.Namespace is not null && !type.Namespaced)
        {
            throw StatusObjects.PageNotFound();
        }

        if (target.Subresource is not null && !type.Subresources.Contains(target.Subresource))
        {
            throw StatusObjects.PageNotFound();
        }

        if (type.DeprecationWarning is { } deprecation)
        {
            // Registered to run when the response starts, so error answers (which clear headers) carry it too.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Append("Warning", WarningHeader(deprecation));
                return Task.CompletedTask;
            });
        }

        if (type.WebhookConversion && type.Version != type.StorageVersion)
        {
            // The emulator calls no webhooks: through another version than the storage one objects would need converting.
            throw new ApiException(500, "InternalError", $"conversion webhook for {type.ApiVersion}, Kind={type.Kind} failed: the Kubernetes emulator does not call conversion webhooks; use the storage version {type.StorageApiVersion}");
        }

        if (target.Subresource == "scale")
        {
            await ServeScaleAsync(context, type, target, verb).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var ct = context.RequestAborted;
        var ns = type.Namespaced ? target.Namespace : string.Empty;
        var dryRun = DryRun(query);
        var manager = FieldManager(context.Request);
        var write = new WriteOptions(dryRun, manager) { FieldValidation = FieldValidation(query) };
        context.Response.OnStarting(() =>
        {
            // Field-validation warnings travel as the real server sends them: Warning headers with code 299.
            foreach (var warning in write.Warnings)
            {
                context.Response.Headers.Append("Warning", WarningHeader(warning));
            }

            return Task.CompletedTask;
        });
        var accept = context.Request.Headers.Accept.ToString();

        switch (verb)
        {
            case "get":
            {
                var obj = _service.Get(type, ns ?? string.Empty, target.Name!);
                await WriteObjectAsync(context, type, 200, obj, accept).ConfigureAwait(false);
                return;
            }

            case "list":
            {
                var list = _service.List(type, ns, ListOptionsFrom(query, type));
                await WriteObjectAsync(context, type, 200, list, accept).ConfigureAwait(false);
                return;
            }

            case "watch":
                await _watches.ServeAsync(context, type, ns, target.Name, query).ConfigureAwait(false);
                return;

            case "create":
            {
                if (target.Name is not null || target.Subresource is not null)
                {
                    throw StatusObjects.MethodNotAllowed("the server does not allow this method on the requested resource");
                }

                RequireNamespace(type, ns);
                var body = await RequestBody.ReadObjectAsync(context.Request, ct).ConfigureAwait(false);
                ResourceService.CheckKind(type, body);
                CheckBodyNamespace(type, ns, body);
                var created = _service.Create(type, ns ?? string.Empty, body, write);
                await WriteJsonAsync(context, 201, created).ConfigureAwait(false);
                return;
            }

            case "update":
            {
                RequireName(target);
                var body = await RequestBody.ReadObjectAsync(context.Request, ct).ConfigureAwait(false);
                var updated = _service.Update(type, ns ?? string.Empty, target.Name!, body, target.Subresource, write);
                await WriteJsonAsync(context, 200, updated).ConfigureAwait(false);
                return;
            }

            case "patch":
            {
                RequireName(target);
                var (patched, created) = await PatchAsync(context, type, ns ?? string.Empty, target, write).ConfigureAwait(false);
                await WriteJsonAsync(context, created ? 201 : 200, patched).ConfigureAwait(false);
                return;
            }

            case "delete":
            {
                var request = await DeleteRequestFromAsync(context).ConfigureAwait(false);
                var (body, code) = _service.Delete(type, ns ?? string.Empty, target.Name!, request, write with { DryRun = write.DryRun || request.DryRun });
                await WriteJsonAsync(context, code, body).ConfigureAwait(false);
                return;
            }

            case "deletecollection":
            {
                var request = await DeleteRequestFromAsync(context).ConfigureAwait(false);
                var list = _service.DeleteCollection(type, ns, ListOptionsFrom(query, type), request, write with { DryRun = write.DryRun || request.DryRun });
                await WriteJsonAsync(context, 200, list).ConfigureAwait(false);
                return;
            }

            default:
                throw StatusObjects.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private async Task<(JsonObject Object, bool Created)> PatchAsync(HttpContext context, ResourceType type, string ns, RequestTarget target, WriteOptions write)
    {
        var contentType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
        var text = await RequestBody.ReadTextAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var query = context.Request.Query;
        switch (contentType)
        {
            case "application/json-patch+json":
            {
                var patch = RequestBody.ParseJson(text);
                return _service.Patch(type, ns, target.Name!, current => AsObject(JsonPatch.Apply(current!, patch)), target.Subresource, write, isApply: false);
            }

            case "application/merge-patch+json":
            {
                var patch = RequestBody.ParseJson(text);
                return _service.Patch(type, ns, target.Name!, current => AsObject(MergePatch.Apply(current, patch)), target.Subresource, write, isApply: false);
            }

            case "application/strategic-merge-patch+json":
            {
                if (!type.BuiltIn)
                {
                    throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                }

                var patch = RequestBody.ParseJson(text);
                return _service.Patch(type, ns, target.Name!, current => StrategicMergePatch.Apply(current!, patch), target.Subresource, write, isApply: false);
            }

            case "application/apply-patch+yaml" or "application/apply-patch+cbor":
            {
                if (string.IsNullOrEmpty(query["fieldManager"]))
                {
                    throw StatusObjects.BadRequest("PATCH /" + target.Plural + ": fieldManager is required for apply requests");
                }

                var applied = RequestBody.ParseYamlObject(text);
                ResourceService.CheckKind(type, applied, required: true);
                var force = IsTrue(query["force"]);
                if (type.Namespaced && applied.Metadata().GetString("namespace") is { Length: > 0 } bodyNs && bodyNs != ns)
                {
                    throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                }

                return _service.Patch(
                    type,
                    ns,
                    target.Name!,
                    current => _service.ApplyConfiguration(type, current, applied, write.FieldManager, force, target.Subresource),
                    target.Subresource,
                    write,
                    isApply: true);
            }

            default:
                throw StatusObjects.UnsupportedMediaType(contentType);
        }
    }

    /// <summary>The <c>/scale</c> subresource: an autoscaling/v1 Scale view of the replicas, written back into the object.</summary>
    private async Task ServeScaleAsync(HttpContext context, ResourceType type, RequestTarget target, string verb)
    {
        var ns = (type.Namespaced ? target.Namespace : null) ?? string.Empty;
        var write = new WriteOptions(DryRun(context.Request.Query), FieldManager(context.Request));
        switch (verb)
        {
            case "get":
                await WriteJsonAsync(context, 200, _service.GetScale(type, ns, target.Name!)).ConfigureAwait(false);
                return;
            case "update":
            {
                var body = await RequestBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
                await WriteJsonAsync(context, 200, _service.UpdateScale(type, ns, target.Name!, _ => body, write)).ConfigureAwait(false);
                return;
            }

            case "patch":
            {
                var contentType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
                var patch = RequestBody.ParseJson(await RequestBody.ReadTextAsync(context.Request, context.RequestAborted).ConfigureAwait(false));
                Func<JsonObject, JsonObject> change = contentType switch
                {
                    "application/json-patch+json" => scale => AsObject(JsonPatch.Apply(scale, patch)),
                    "application/merge-patch+json" or "application/strategic-merge-patch+json" => scale => AsObject(MergePatch.Apply(scale, patch)),
                    _ => throw StatusObjects.UnsupportedMediaType(contentType),
                };
                await WriteJsonAsync(context, 200, _service.UpdateScale(type, ns, target.Name!, change, write)).ConfigureAwait(false);
                return;
            }

            default:
                throw StatusObjects.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static JsonObject AsObject(JsonNode? node) =>
        node as JsonObject ?? throw new ApiException(422, "Invalid", "the patch turned the object into something other than a JSON object");

    private static void RequireName(RequestTarget target)
    {
        if (target.Name is null)
        {
            throw StatusObjects.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static void RequireNamespace(ResourceType type, string? ns)
    {
        if (type.Namespaced && string.IsNullOrEmpty(ns))
        {
            throw StatusObjects.PageNotFound();
        }
    }

    private static void CheckBodyNamespace(ResourceType type, string? ns, JsonObject body)
    {
        if (type.Namespaced && body.Metadata().GetString("namespace") is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw StatusObjects.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static ListOptions ListOptionsFrom(IQueryCollection query, ResourceType type)
    {
        var limit = 0;
        if (query["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw StatusObjects.BadRequest($"limit: invalid value \"{l}\"");
        }

        // resourceVersionMatch=Exact reads the collection as it was then; NotOlderThan (and no match) reads it now,
        // which is never older than the version asked for.
        long? exact = null;
        var match = query["resourceVersionMatch"].ToString();
        var version = query["resourceVersion"].ToString();
        if (match.Length > 0)
        {
            if (match is not ("Exact" or "NotOlderThan"))
            {
                throw StatusObjects.BadRequest($"resourceVersionMatch: Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\"");
            }

            if (version.Length == 0 || (match == "Exact" && version == "0"))
            {
                throw StatusObjects.BadRequest($"resourceVersionMatch: Forbidden: resourceVersionMatch \"{match}\" is forbidden for resourceVersion \"{version}\"");
            }

            if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw StatusObjects.BadRequest($"resourceVersion: Invalid value: \"{version}\": must be a non-negative integer");
            }

            exact = match == "Exact" ? parsed : null;
        }

        return new ListOptions(LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"], type.Kind), limit, query["continue"], exact);
    }

    private static string FieldValidation(IQueryCollection query)
    {
        var value = query["fieldValidation"].ToString();
        return value switch
        {
            "" => "Warn",
            "Ignore" or "Warn" or "Strict" => value,
            _ => throw StatusObjects.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
        };
    }

    private static bool DryRun(IQueryCollection query)
    {
        var values = query["dryRun"];
        if (values.Count == 0)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (value != "All")
            {
                throw StatusObjects.BadRequest($"dryRun: Unsupported value: \"{value}\": supported values: \"All\"");
            }
        }

        return true;
    }

    private static string FieldManager(HttpRequest request)
    {
        var manager = request.Query["fieldManager"].ToString();
        if (manager.Length > 128)
        {
            throw new ApiException(422, "Invalid", "fieldManager: Too long: may not be more than 128 bytes");
        }

        if (manager.Length > 0)
        {
            return manager;
        }

        // Like the real server: the User-Agent's program name manages fields of callers that do not name a manager.
        var ua = request.Headers.UserAgent.ToString();
        var name = ua.Split('/')[0].Trim();
        return name.Length > 0 ? name : "unknown";
    }

    private static async Task<DeleteRequest> DeleteRequestFromAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var policyText = query["propagationPolicy"].ToString();
        string? uid = null;
        string? rv = null;
        var dryRun = false;
        var body = await RequestBody.ReadObjectOrNothingAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is not null)
        {
            if (body.GetString("propagationPolicy") is { } p)
            {
                policyText = p;
            }

            if (body["orphanDependents"] is JsonValue orphan && orphan.GetValueKind() == System.Text.Json.JsonValueKind.True && policyText.Length == 0)
            {
                policyText = "Orphan";
            }

            if (body["preconditions"] is JsonObject pre)
            {
                uid = pre.GetString("uid");
                rv = pre.GetString("resourceVersion");
            }

            dryRun = body["dryRun"] is JsonArray d && d.Count > 0;
        }

        if (IsTrue(query["orphanDependents"]) && policyText.Length == 0)
        {
            policyText = "Orphan";
        }

        var policy = policyText switch
        {
            "" or "Background" => PropagationPolicy.Background,
            "Foreground" => PropagationPolicy.Foreground,
            "Orphan" => PropagationPolicy.Orphan,
            _ => throw new ApiException(422, "Invalid", $"propagationPolicy: Unsupported value: \"{policyText}\": supported values: \"Foreground\", \"Background\", \"Orphan\""),
        };
        return new DeleteRequest(policy, uid, rv) { DryRun = dryRun };
    }

    /// <summary>A <c>Warning</c> header value as the real server writes them: code 299, no agent, the text quoted.</summary>
    private static string WarningHeader(string text) => $"299 - \"{text.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private Task WriteObjectAsync(HttpContext context, ResourceType type, int code, JsonObject body, string accept) =>
        WriteJsonAsync(context, code, TableConverter.Wanted(accept) ? TableConverter.Convert(type, body, _time.GetUtcNow()) : body);

    private static async Task WriteJsonAsync(HttpContext context, int code, JsonObject body, bool setContentType = true)
    {
        context.Response.StatusCode = code;
        if (setContentType)
        {
            context.Response.ContentType = Json;
        }

        // Straight to UTF-8 (no intermediate string); the default writer escapes as ToJsonString does.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }

        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Applies the first fault rule that picks this request; true when the fault took the request over.</summary>
    private async Task<bool> InjectFaultAsync(HttpContext context, RequestTarget target, string verb)
    {
        var resource = (target.Group.Length == 0 ? target.Plural : $"{target.Plural}.{target.Group}") + (target.Subresource is null ? string.Empty : "/" + target.Subresource);
        var fault = _faults.Pick(verb, resource, target.Namespace, target.Name);
        if (fault is null)
        {
            return false;
        }

        var details = new StatusDetails(target.Name, target.Group, target.Plural);
        switch (fault.Kind)
        {
            case Faults.FaultKind.Latency:
                await Task.Delay(fault.Duration, _time, context.RequestAborted).ConfigureAwait(false);
                return false;
            case Faults.FaultKind.CloseWatch:
            {
                // The watch ends as on a server-side timeout: the stream completes cleanly.
                var closing = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                closing.CancelAfter(fault.Duration);
                context.Response.RegisterForDispose(closing);
                context.RequestAborted = closing.Token;
                return false;
            }

            case Faults.FaultKind.DropConnection:
                context.Abort();
                return true;
            case Faults.FaultKind.TooManyRequests:
            {
                var seconds = (int)Math.Ceiling(fault.Duration.TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var status = StatusObjects.Failure(429, "TooManyRequests", "Too many requests, please try again later.", details);
                status["details"]!.AsObject()["retryAfterSeconds"] = seconds;
                await WriteJsonAsync(context, 429, status).ConfigureAwait(false);
                return true;
            }

            case Faults.FaultKind.Conflict:
                await WriteJsonAsync(context, 409, StatusObjects.Failure(409, "Conflict", $"Operation cannot be fulfilled on {StatusObjects.Qualified(target.Plural, target.Group)} \"{target.Name}\": the object has been modified; please apply your changes to the latest version and try again", details)).ConfigureAwait(false);
                return true;
            case Faults.FaultKind.ServiceUnavailable:
                await WriteJsonAsync(context, 503, StatusObjects.Failure(503, "ServiceUnavailable", "the server is currently unable to handle the request", details)).ConfigureAwait(false);
                return true;
            default:
                await WriteJsonAsync(context, 500, StatusObjects.Failure(500, "InternalError", "Internal error occurred: injected fault", details)).ConfigureAwait(false);
                return true;
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        await WriteJsonAsync(context, error.Code, error.ToStatus()).ConfigureAwait(false);
    }
}
