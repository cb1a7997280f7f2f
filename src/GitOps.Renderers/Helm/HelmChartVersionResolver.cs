using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Manifests;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Versioning;

namespace GitOps.Renderers.Helm;

// Reads an HTTP chart repository's index.yaml and picks the highest version of the chart that the range allows (the
// latest release for HEAD, * or nothing), as Argo CD's repo server does. OCI registries have no index: left to helm.
// Every reconcile of a range asks again, and public indexes run to megabytes: the last index of each repository is
// kept with its validators and asked for conditionally, so an unchanged index costs a 304 and no parsing.
internal sealed class HelmChartVersionResolver(IHelmCredentialProvider credentials) : IChartVersionResolver, IDisposable
{
    private static readonly ManifestReader IndexReader = new(new ManifestReaderOptions { RequireObjectIdentity = false });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CachedIndex> _indexes = new(StringComparer.Ordinal);

    public async ValueTask<string?> ResolveAsync(string repositoryUrl, string chart, string versionRange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repositoryUrl);
        if (!repositoryUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !repositoryUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = versionRange.Trim();
        var latest = text is "" or "HEAD" or "*";
        SemVersionRange? range = null;
        if (!latest && !SemVersionRange.TryParse(text, out range))
        {
            throw new RenderException($"Chart '{chart}' version '{versionRange}' is neither a version nor a semver range.");
        }

        var index = await ReadIndexAsync(repositoryUrl, cancellationToken).ConfigureAwait(false);
        var versions = (index["entries"]?[chart] as JsonArray ?? throw new RenderException($"Helm repository {repositoryUrl} has no chart '{chart}'."))
            .Select(entry => entry?["version"]?.ToString())
            .Select(v => SemVersion.TryParse(v?.TrimStart('v'), out var parsed) ? parsed : null)
            .OfType<SemVersion>()
            .ToList();
        var best = latest ? versions.Where(v => !v.IsPrerelease).DefaultIfEmpty().Max() : range!.MaxSatisfying(versions);
        return best?.ToString() ?? throw new RenderException(
            $"Helm repository {repositoryUrl} has no version of chart '{chart}' in '{versionRange}' (it has {string.Join(", ", versions.Order().Select(v => v.ToString()))}).");
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject> ReadIndexAsync(string repositoryUrl, CancellationToken cancellationToken)
    {
        var url = new Uri(repositoryUrl.TrimEnd('/') + "/index.yaml");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (await credentials.GetCredentialsAsync(repositoryUrl, cancellationToken).ConfigureAwait(false) is { } login)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}")));
        }

        _indexes.TryGetValue(url.AbsoluteUri, out var cached);
        if (cached?.ETag is { } etag)
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        if (cached?.LastModified is { } modified)
        {
            request.Headers.IfModifiedSince = modified;
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.NotModified && cached is not null)
            {
                return cached.Index;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RenderException($"Reading the index of Helm repository {repositoryUrl} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var documents = IndexReader.Read(bytes, url.AbsolutePath);
            var index = documents.Count == 1 ? documents[0].Root : throw new RenderException($"The index of Helm repository {repositoryUrl} is not one YAML document.");
            if (response.Headers.ETag is not null || response.Content.Headers.LastModified is not null)
            {
                // Kept read-only: callers only read versions from it.
                _indexes[url.AbsoluteUri] = new CachedIndex(index, response.Headers.ETag, response.Content.Headers.LastModified);
            }

            return index;
        }
        catch (HttpRequestException e)
        {
            throw new RenderException($"Reading the index of Helm repository {repositoryUrl} failed: {e.Message}", e);
        }
        catch (ManifestFormatException e)
        {
            throw new RenderException($"The index of Helm repository {repositoryUrl} is not valid YAML: {e.Message}", e);
        }
    }

    private sealed record CachedIndex(JsonObject Index, EntityTagHeaderValue? ETag, DateTimeOffset? LastModified);
}
