using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOps.Renderers.Tests.Helm;

/// <summary>
/// The part of an OCI distribution registry that `helm push` and `helm pull oci://` use, in memory on 127.0.0.1 over
/// plain HTTP (Kestrel): blob uploads (monolithic or chunked), manifests by tag or digest, tag lists, and basic
/// authentication once <see cref="RequireAuthentication"/> is on.
/// </summary>
internal sealed partial class OciRegistryServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _expectedAuthorization;
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MemoryStream> _uploads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, string Reference), (byte[] Body, string MediaType)> _manifests = new();
    private int _pulls;

    private OciRegistryServer(WebApplication app, string user, string password)
    {
        _app = app;
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _app.Run(HandleAsync);
    }

    /// <summary>host:port, as in <c>oci://127.0.0.1:5000/charts</c>.</summary>
    public string Host { get; private set; } = string.Empty;

    /// <summary>Whether requests need the basic credentials (off while the test pushes its charts).</summary>
    public bool RequireAuthentication { get; set; }

    /// <summary>Manifest reads so far.</summary>
    public int ManifestReads => Volatile.Read(ref _pulls);

    public static async Task<OciRegistryServer> StartAsync(string user, string password)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = ChartRepositoryServer.FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = new OciRegistryServer(builder.Build(), user, password) { Host = $"127.0.0.1:{port}" };
        await server._app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [GeneratedRegex("^/v2/(?<name>.+?)/(?<kind>blobs/uploads|blobs|manifests|tags)/?(?<rest>[^/]*)$")]
    private static partial Regex RoutePattern();

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task HandleAsync(HttpContext context)
    {
        var (request, response) = (context.Request, context.Response);
        if (RequireAuthentication && request.Headers.Authorization != _expectedAuthorization)
        {
            response.StatusCode = 401;
            response.Headers.WWWAuthenticate = "Basic realm=\"charts\"";
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        if (path is "/v2/" or "/v2")
        {
            await WriteAsync(context, "{}"u8.ToArray(), "application/json");
            return;
        }

        var route = RoutePattern().Match(path);
        if (!route.Success)
        {
            response.StatusCode = 404;
            return;
        }

        var (name, kind, rest) = (route.Groups["name"].Value, route.Groups["kind"].Value, route.Groups["rest"].Value);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        switch (kind, request.Method)
        {
            case ("blobs/uploads", "POST"):
                var id = Guid.NewGuid().ToString("N");
                _uploads[id] = new MemoryStream();
                _uploads[id].Write(body.ToArray());
                response.Headers.Location = $"/v2/{name}/blobs/uploads/{id}";
                response.StatusCode = 202;
                return;
            case ("blobs/uploads", "PATCH") when _uploads.TryGetValue(rest, out var upload):
                upload.Write(body.ToArray());
                response.Headers.Location = $"/v2/{name}/blobs/uploads/{rest}";
                response.Headers.Range = $"0-{Math.Max(0, upload.Length - 1)}";
                response.StatusCode = 202;
                return;
            case ("blobs/uploads", "PUT") when _uploads.TryRemove(rest, out var done):
                done.Write(body.ToArray());
                var bytes = done.ToArray();
                var digest = Digest(bytes);
                if (request.Query["digest"] != digest)
                {
                    response.StatusCode = 400;
                    return;
                }

                _blobs[digest] = bytes;
                response.Headers.Location = $"/v2/{name}/blobs/{digest}";
                response.Headers["Docker-Content-Digest"] = digest;
                response.StatusCode = 201;
                return;
            case ("blobs", "GET" or "HEAD") when _blobs.TryGetValue(rest, out var blob):
                response.Headers["Docker-Content-Digest"] = rest;
                await WriteAsync(context, blob, "application/octet-stream");
                return;
            case ("manifests", "PUT"):
                var manifest = body.ToArray();
                var manifestDigest = Digest(manifest);
                var mediaType = request.ContentType ?? "application/vnd.oci.image.manifest.v1+json";
                _manifests[(name, rest)] = (manifest, mediaType);
                _manifests[(name, manifestDigest)] = (manifest, mediaType);
                response.Headers.Location = $"/v2/{name}/manifests/{manifestDigest}";
                response.Headers["Docker-Content-Digest"] = manifestDigest;
                response.StatusCode = 201;
                return;
            case ("manifests", "GET" or "HEAD") when _manifests.TryGetValue((name, rest), out var stored):
                Interlocked.Increment(ref _pulls);
                response.Headers["Docker-Content-Digest"] = Digest(stored.Body);
                await WriteAsync(context, stored.Body, stored.MediaType);
                return;
            case ("tags", "GET") when rest == "list":
                var tags = _manifests.Keys.Where(k => k.Name == name && !k.Reference.StartsWith("sha256:", StringComparison.Ordinal))
                    .Select(k => $"\"{k.Reference}\"").Order(StringComparer.Ordinal);
                await WriteAsync(context, Encoding.UTF8.GetBytes($"{{\"name\":\"{name}\",\"tags\":[{string.Join(",", tags)}]}}"), "application/json");
                return;
            default:
                response.StatusCode = 404;
                return;
        }
    }

    private static async Task WriteAsync(HttpContext context, byte[] bytes, string contentType)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes);
        }
    }
}
