using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Api;

/// <summary>The watch wire protocol as raw HTTP: initial state, bookmarks, selector transitions, 410 for compacted history.</summary>
[TestFixture]
public sealed class WatchTests : EmulatorFixture
{
    protected override KubernetesEmulatorOptions Options => new() { WatchHistorySize = 16, BookmarkInterval = TimeSpan.FromMilliseconds(200) };

    private async Task<List<JsonObject>> WatchAsync(string path, int count, Func<Task>? whileWatching = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = new List<JsonObject>();
        var work = whileWatching?.Invoke() ?? Task.CompletedTask;
        while (events.Count < count && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            events.Add((JsonObject)JsonNode.Parse(line)!);
        }

        await work;
        return events;
    }

    private Task<(int Code, JsonObject? Body)> Create(string ns, string name, string labels = "{}") =>
        SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "}}");

    [Test]
    public async Task Watch_WithoutResourceVersion_StartsWithTheCurrentObjectsAsAdded()
    {
        var ns = await NewNamespaceAsync();
        await Create(ns, "a");
        await Create(ns, "b");

        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true", 2);

        Assert.That(events.Select(e => ((string?)e["type"], (string?)e["object"]!["metadata"]!["name"])), Is.EqualTo(new[] { ("ADDED", "a"), ("ADDED", "b") }));
    }

    [Test]
    public async Task Watch_AllowBookmarks_SendsBookmarksWithTheCurrentVersion()
    {
        var ns = await NewNamespaceAsync();

        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&allowWatchBookmarks=true", 1);

        Assert.Multiple(() =>
        {
            Assert.That((string?)events[0]["type"], Is.EqualTo("BOOKMARK"));
            Assert.That((string?)events[0]["object"]!["kind"], Is.EqualTo("ConfigMap"));
            Assert.That(long.Parse((string)events[0]["object"]!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Watch_LabelSelector_ReportsObjectsEnteringAndLeavingTheSelection()
    {
        var ns = await NewNamespaceAsync();
        await Create(ns, "x");
        var (_, list) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        var rv = (string)list!["metadata"]!["resourceVersion"]!;

        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&labelSelector=sel%3Dyes&resourceVersion={rv}", 2, async () =>
        {
            await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/x", """{"metadata":{"labels":{"sel":"yes"}}}""", "application/merge-patch+json");
            await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/x", """{"metadata":{"labels":{"sel":"no"}}}""", "application/merge-patch+json");
        });

        Assert.That(events.Select(e => (string?)e["type"]), Is.EqualTo(new[] { "ADDED", "DELETED" }));
    }

    [Test]
    public async Task Watch_FromCompactedResourceVersion_IsErrorEventWith410Expired()
    {
        var ns = await NewNamespaceAsync();
        var (_, list) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        var rv = (string)list!["metadata"]!["resourceVersion"]!;
        for (var i = 0; i < 20; i++)
        {
            await Create(ns, $"c{i}");
        }

        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}", 1);

        Assert.Multiple(() =>
        {
            Assert.That((string?)events[0]["type"], Is.EqualTo("ERROR"));
            Assert.That((int)events[0]["object"]!["code"]!, Is.EqualTo(410));
            Assert.That((string?)events[0]["object"]!["reason"], Is.EqualTo("Expired"));
            Assert.That((string?)events[0]["object"]!["message"], Does.StartWith("too old resource version"));
        });
    }

    // Lists share the watch history: a continue token older than it is 410 Expired, so clients start over.
    [Test]
    public async Task List_ContinueTokenOlderThanHistory_Is410Expired()
    {
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 3; i++)
        {
            await Create(ns, $"c{i}");
        }

        var (_, page) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=1");
        var token = Uri.EscapeDataString((string)page!["metadata"]!["continue"]!);
        for (var i = 0; i < 20; i++)
        {
            await Create(ns, $"later{i}");
        }

        var (code, status) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=1&continue={token}");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(410));
            Assert.That((string?)status!["reason"], Is.EqualTo("Expired"));
            Assert.That((string?)status["message"], Does.Contain("start a new list"));
        });
    }

    [Test]
    public async Task Watch_TimeoutSeconds_EndsTheStream()
    {
        var ns = await NewNamespaceAsync();

        var events = await WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=1", 100);

        Assert.That(events, Is.Empty);
    }

    [Test]
    public async Task KubectlGetWatch_PrintsTableRowsForExistingAndNewObjects()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await Create(ns, "seen");

        var watching = kubectl.RunAsync("-n", ns, "get", "configmaps", "--watch", "--request-timeout=3s");
        await Task.Delay(1500);
        await Create(ns, "later");
        var result = await watching;

        Assert.That(result.Stdout, Does.Match(@"^NAME\s+DATA\s+AGE\nseen\s+0\s+\d+s\nlater\s+0\s+\d+s\n$"));
    }
}
