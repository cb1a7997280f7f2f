using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOps.Diagnostics;
using GitOps.Manifests;
using k8s;

namespace GitOps.Cluster;

/// <summary>
/// Unstructured access to one cluster's API: get, list (paginated), watch, server-side apply, create, replace, patch
/// and delete of any kind, with discovery. Authentication (tokens, client certificates, exec plugins) is
/// KubernetesClient's; errors come back as <see cref="KubernetesApiException"/> with the server's Status.
/// </summary>
/// <remarks>Thread-safe. Dispose it to release its HTTP connections.</remarks>
public sealed class ClusterClient : IDisposable
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private readonly Kubernetes _kubernetes;

    /// <summary>Connects to a cluster.</summary>
    /// <param name="options">How to reach it.</param>
    public ClusterClient(ClusterConnectionOptions options)
        : this(new Kubernetes((options ?? throw new ArgumentNullException(nameof(options))).ToClientConfiguration()))
    {
    }

    /// <summary>Wraps a KubernetesClient instance, which this client then owns.</summary>
    /// <param name="kubernetes">The client.</param>
    public ClusterClient(Kubernetes kubernetes)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        _kubernetes = kubernetes;
        Discovery = new ApiDiscovery(this);
    }

    /// <summary>The API server's address.</summary>
    public Uri Server => _kubernetes.BaseUri;

    /// <summary>The resource types the server serves, cached.</summary>
    public ApiDiscovery Discovery { get; }

    /// <summary>Reads one object; <see langword="null"/> when it does not exist.</summary>
    /// <param name="resource">Its type.</param>
    /// <param name="namespace">Its namespace, for namespaced types.</param>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ManifestObject?> GetAsync(ApiResource resource, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        try
        {
            var node = await SendAsync(HttpMethod.Get, resource.ObjectPath(@namespace, name), null, cancellationToken).ConfigureAwait(false);
            return ToObject(node, resource);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Lists objects, following pagination to the end.</summary>
    /// <param name="resource">Their type.</param>
    /// <param name="namespace">A namespace, or <see langword="null"/> for all namespaces.</param>
    /// <param name="options">Selectors and page size.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public async Task<ResourceList> ListAsync(ApiResource resource, string? @namespace = null, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        options ??= new ListOptions();
        var items = new List<ManifestObject>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var query = new List<string> { $"limit={options.PageSize}" };
            AddQuery(query, "labelSelector", options.LabelSelector);
            AddQuery(query, "fieldSelector", options.FieldSelector);
            AddQuery(query, "continue", continueToken);
            var page = await SendAsync(HttpMethod.Get, $"{resource.CollectionPath(@namespace)}?{string.Join('&', query)}", null, cancellationToken)
                .ConfigureAwait(false) as JsonObject ?? throw new KubernetesApiException($"List of {resource.Name} returned no object.");
            if (page["items"] is JsonArray array)
            {
                foreach (var item in array.OfType<JsonObject>())
                {
                    items.Add(ToObject(item.DeepClone(), resource)!);
                }
            }

            resourceVersion = page["metadata"]?["resourceVersion"]?.GetValue<string>() ?? string.Empty;
            continueToken = page["metadata"]?["continue"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(continueToken));

        return new ResourceList(items, resourceVersion);
    }

    /// <summary>Watches objects from a resource version until the server ends the stream or the token fires.</summary>
    /// <param name="resource">Their type.</param>
    /// <param name="namespace">A namespace, or <see langword="null"/> for all namespaces.</param>
    /// <param name="resourceVersion">Where to start, usually a list's resource version.</param>
    /// <param name="labelSelector">An optional label selector.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        ApiResource resource, string? @namespace, string resourceVersion, string? labelSelector = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var query = new List<string> { "watch=true", "allowWatchBookmarks=true" };
        AddQuery(query, "resourceVersion", resourceVersion);
        AddQuery(query, "labelSelector", labelSelector);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, $"{resource.CollectionPath(@namespace)}?{string.Join('&', query)}"));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var node = JsonNode.Parse(line) as JsonObject;
            if (node?["type"]?.GetValue<string>() is { } type && node["object"] is JsonObject obj)
            {
                yield return new WatchEvent(type, type == "ERROR" ? new ManifestObject((JsonObject)obj.DeepClone()) : ToObject(obj.DeepClone(), resource)!);
            }
        }
    }

    /// <summary>Server-side applies an object (creating it if needed) and returns what the server stored.</summary>
    /// <param name="resource">Its type.</param>
    /// <param name="manifest">The object; its namespace and name say where.</param>
    /// <param name="options">Field manager, force and dry run.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ManifestObject> ApplyAsync(ApiResource resource, ManifestObject manifest, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= new ApplyOptions();
        var query = new List<string> { $"fieldManager={Uri.EscapeDataString(options.FieldManager)}" };
        if (options.Force)
        {
            query.Add("force=true");
        }

        if (options.DryRun)
        {
            query.Add("dryRun=All");
        }

        var content = new StringContent(manifest.Root.ToJsonString(Compact), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        var node = await SendAsync(HttpMethod.Patch, $"{resource.ObjectPath(manifest.Namespace, manifest.Name)}?{string.Join('&', query)}", content, cancellationToken)
            .ConfigureAwait(false);
        return ToObject(node, resource)!;
    }

    /// <summary>Creates an object.</summary>
    /// <param name="resource">Its type.</param>
    /// <param name="manifest">The object.</param>
    /// <param name="dryRun">Validate only.</param>
    /// <param name="fieldManager">The field manager recorded.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ManifestObject> CreateAsync(ApiResource resource, ManifestObject manifest, bool dryRun = false, string fieldManager = "gitops-dotnet", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(manifest);
        var node = await SendAsync(HttpMethod.Post, $"{resource.CollectionPath(manifest.Namespace)}?{WriteQuery(dryRun, fieldManager)}", Json(manifest.Root), cancellationToken)
            .ConfigureAwait(false);
        return ToObject(node, resource)!;
    }

    /// <summary>Replaces an object (PUT); the object's resourceVersion, if set, guards against lost updates.</summary>
    /// <param name="resource">Its type.</param>
    /// <param name="manifest">The object.</param>
    /// <param name="dryRun">Validate only.</param>
    /// <param name="fieldManager">The field manager recorded.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ManifestObject> ReplaceAsync(ApiResource resource, ManifestObject manifest, bool dryRun = false, string fieldManager = "gitops-dotnet", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(manifest);
        var node = await SendAsync(HttpMethod.Put, $"{resource.ObjectPath(manifest.Namespace, manifest.Name)}?{WriteQuery(dryRun, fieldManager)}", Json(manifest.Root), cancellationToken)
            .ConfigureAwait(false);
        return ToObject(node, resource)!;
    }

    /// <summary>Patches an object.</summary>
    /// <param name="resource">Its type.</param>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <param name="contentType">The patch type: <c>application/merge-patch+json</c>, <c>application/strategic-merge-patch+json</c> or <c>application/json-patch+json</c>.</param>
    /// <param name="patch">The patch document.</param>
    /// <param name="dryRun">Validate only.</param>
    /// <param name="fieldManager">The field manager recorded.</param>
    /// <param name="subresource">A subresource such as <c>status</c>, or null for the object itself.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ManifestObject> PatchAsync(
        ApiResource resource, string? @namespace, string name, string contentType, JsonNode patch, bool dryRun = false,
        string fieldManager = "gitops-dotnet", string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(patch);
        var content = new StringContent(patch.ToJsonString(Compact), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var path = resource.ObjectPath(@namespace, name) + (subresource is null ? string.Empty : "/" + Uri.EscapeDataString(subresource));
        var node = await SendAsync(HttpMethod.Patch, $"{path}?{WriteQuery(dryRun, fieldManager)}", content, cancellationToken)
            .ConfigureAwait(false);
        return ToObject(node, resource)!;
    }

    /// <summary>Deletes an object.</summary>
    /// <param name="resource">Its type.</param>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="name">Its name.</param>
    /// <param name="propagation">What happens to dependents.</param>
    /// <param name="dryRun">Validate only.</param>
    /// <param name="uid">When set, delete only if the object still has this uid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Whether the object existed.</returns>
    public async Task<bool> DeleteAsync(
        ApiResource resource, string? @namespace, string name, PropagationPolicy propagation = PropagationPolicy.Foreground,
        bool dryRun = false, string? uid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "DeleteOptions",
            ["propagationPolicy"] = propagation.ToString(),
        };
        if (dryRun)
        {
            body["dryRun"] = new JsonArray("All");
        }

        if (uid is not null)
        {
            body["preconditions"] = new JsonObject { ["uid"] = uid };
        }

        try
        {
            await SendAsync(HttpMethod.Delete, resource.ObjectPath(@namespace, name), Json(body), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _kubernetes.Dispose();

    /// <summary>Sends a request and returns the JSON body; errors become <see cref="KubernetesApiException"/>.</summary>
    internal async Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Server, pathAndQuery)) { Content = content };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        request.Headers.Accept.ParseAdd("application/json");
        if (_kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        HttpResponseMessage response;
        var started = Stopwatch.GetTimestamp();
        var code = 0;
        try
        {
            response = await _kubernetes.HttpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            code = (int)response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            throw new KubernetesApiException($"{request.Method} {request.RequestUri?.AbsolutePath}: cannot reach the API server at {Server}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KubernetesApiException($"{request.Method} {request.RequestUri?.AbsolutePath}: the API server at {Server} did not answer in time.", new TimeoutException(e.Message, e));
        }
        finally
        {
            GitOpsTelemetry.KubernetesRequestDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("http.request.method", request.Method.Method),
                new KeyValuePair<string, object?>("http.response.status_code", code));
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonObject? status = null;
            try
            {
                status = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                // Not a Status: a proxy's page, say. The code is still meaningful.
            }

            var reason = status?["reason"]?.GetValue<string>() ?? response.StatusCode.ToString();
            var message = status?["message"]?.GetValue<string>() ?? (text.Length > 200 ? text[..200] : text);
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            throw new KubernetesApiException(
                response.StatusCode, reason,
                $"{request.Method} {request.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {reason}: {message}", status, retryAfter);
        }
    }

    private static ManifestObject? ToObject(JsonNode? node, ApiResource resource)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        // Items of a list and watch events may omit apiVersion and kind; put them back so the object stands alone.
        obj["apiVersion"] ??= resource.ApiVersion;
        obj["kind"] ??= resource.Kind;
        return new ManifestObject(obj);
    }

    private static StringContent Json(JsonNode body)
    {
        var content = new StringContent(body.ToJsonString(Compact), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string WriteQuery(bool dryRun, string fieldManager) =>
        $"fieldManager={Uri.EscapeDataString(fieldManager)}{(dryRun ? "&dryRun=All" : string.Empty)}";

    private static void AddQuery(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
