using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Resources;

/// <summary>
/// CRDs serving several versions with conversion strategy None: one object, stored at the storage version, shown
/// with the apiVersion of whichever version a client reads or writes through; deprecated versions warn; Webhook
/// conversion is refused rather than faked.
/// </summary>
[TestFixture]
public sealed class CustomResourceVersionTests : EmulatorFixture
{
    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {size: {type: integer}}}
          - name: v1beta1
            served: true
            storage: false
            deprecated: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {size: {type: integer}}}
          - name: v1alpha1
            served: true
            storage: false
            deprecated: true
            deprecationWarning: "v1alpha1 widgets go away in 2.0"
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {size: {type: integer}}}
        """;

    private const string GadgetWebhookCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: gadgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          conversion:
            strategy: Webhook
            webhook:
              conversionReviewVersions: [v1]
              clientConfig: {service: {namespace: default, name: converter, path: /convert}}
          versions:
          - name: v2
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
          - name: v1
            served: true
            storage: false
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """;

    private string _ns = string.Empty;

    [OneTimeSetUp]
    public async Task InstallCrdsAsync()
    {
        var kubectl = Kubectl();
        await kubectl.OkWithInputAsync(WidgetCrd, "apply", "-f", "-");
        await kubectl.OkWithInputAsync(GadgetWebhookCrd, "apply", "-f", "-");
        await kubectl.OkAsync("wait", "--for=condition=Established", "crd/widgets.example.com", "crd/gadgets.example.com", "--timeout=10s");
        _ns = await NewNamespaceAsync();
    }

    private string Path(string version, string? name = null) =>
        $"/apis/example.com/{version}/namespaces/{_ns}/widgets" + (name is null ? string.Empty : "/" + name);

    private static string Widget(string version, string name, int size) =>
        $$$"""{"apiVersion":"example.com/{{{version}}}","kind":"Widget","metadata":{"name":"{{{name}}}"},"spec":{"size":{{{size}}}}}""";

    [Test]
    public async Task Create_ThroughOtherVersion_IsReadBackAtEachRequestedVersion()
    {
        var (created, body) = await SendAsync(HttpMethod.Post, Path("v1beta1"), Widget("v1beta1", "read", 3));
        var (_, asV1) = await SendAsync(HttpMethod.Get, Path("v1", "read"));
        var (_, asAlpha) = await SendAsync(HttpMethod.Get, Path("v1alpha1", "read"));
        var (_, list) = await SendAsync(HttpMethod.Get, Path("v1beta1"));

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(201));
            Assert.That(body!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1beta1"));
            Assert.That(asV1!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1"));
            Assert.That(asV1["spec"]!.ToJsonString(), Is.EqualTo("""{"size":3}"""), "strategy None keeps the fields as they are");
            Assert.That(asAlpha!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1alpha1"));
            Assert.That(list!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1beta1"));
            Assert.That(list["items"]!.AsArray().Select(i => i!["apiVersion"]!.GetValue<string>()), Is.All.EqualTo("example.com/v1beta1"));
        });
    }

    [Test]
    public async Task Update_UnchangedThroughOtherVersion_KeepsTheResourceVersion()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, Path("v1"), Widget("v1", "same", 1));
        var asBeta = created!.DeepClone().AsObject();
        asBeta["apiVersion"] = "example.com/v1beta1";

        var (code, updated) = await SendAsync(HttpMethod.Put, Path("v1beta1", "same"), asBeta.ToJsonString());

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200));
            Assert.That(updated!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1beta1"));
            Assert.That(updated["metadata"]!["resourceVersion"]!.GetValue<string>(), Is.EqualTo(created["metadata"]!["resourceVersion"]!.GetValue<string>()), "both versions store the same object, so nothing changed");
        });
    }

    [Test]
    public async Task PatchAndApply_ThroughOtherVersion_AnswerAtThatVersion()
    {
        await SendAsync(HttpMethod.Post, Path("v1"), Widget("v1", "patched", 1));

        var (patchCode, patched) = await SendAsync(HttpMethod.Patch, Path("v1beta1", "patched"), """{"spec":{"size":2}}""", "application/merge-patch+json");
        var (applyCode, applied) = await SendAsync(
            HttpMethod.Patch,
            Path("v1alpha1", "patched") + "?fieldManager=test&force=true",
            "apiVersion: example.com/v1alpha1\nkind: Widget\nmetadata: {name: patched}\nspec: {size: 5}\n",
            "application/apply-patch+yaml");
        var (_, asV1) = await SendAsync(HttpMethod.Get, Path("v1", "patched"));

        Assert.Multiple(() =>
        {
            Assert.That(patchCode, Is.EqualTo(200));
            Assert.That(patched!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1beta1"));
            Assert.That(applyCode, Is.EqualTo(200));
            Assert.That(applied!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1alpha1"));
            Assert.That(applied["metadata"]!["managedFields"]!.AsArray().Select(e => e!["apiVersion"]!.GetValue<string>()), Does.Contain("example.com/v1alpha1"), "managed fields name the version the manager used");
            Assert.That(asV1!["spec"]!["size"]!.GetValue<int>(), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Watch_ThroughOtherVersion_ShowsEventsAtThatVersion()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await Http.GetAsync(new Uri(Path("v1beta1") + "?watch=true&fieldSelector=metadata.name%3Dwatched", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        await SendAsync(HttpMethod.Post, Path("v1"), Widget("v1", "watched", 1));
        var line = await reader.ReadLineAsync(cts.Token);
        var e = JsonNode.Parse(line!)!;

        Assert.Multiple(() =>
        {
            Assert.That(e["type"]!.GetValue<string>(), Is.EqualTo("ADDED"));
            Assert.That(e["object"]!["apiVersion"]!.GetValue<string>(), Is.EqualTo("example.com/v1beta1"));
            Assert.That(response.Headers.GetValues("Warning").Single(), Does.Contain("example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget"));
        });
    }

    [Test]
    public async Task Request_ToDeprecatedVersion_CarriesTheWarningHeader()
    {
        using var beta = await Http.GetAsync(new Uri(Path("v1beta1"), UriKind.Relative));
        using var alpha = await Http.GetAsync(new Uri(Path("v1alpha1", "missing"), UriKind.Relative));
        using var stable = await Http.GetAsync(new Uri(Path("v1"), UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(beta.Headers.GetValues("Warning"), Is.EqualTo(new[] { "299 - \"example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget\"" }));
            Assert.That((int)alpha.StatusCode, Is.EqualTo(404));
            Assert.That(alpha.Headers.GetValues("Warning"), Is.EqualTo(new[] { "299 - \"v1alpha1 widgets go away in 2.0\"" }), "the CRD's own text, on errors too");
            Assert.That(stable.Headers.Contains("Warning"), Is.False);
        });
    }

    [Test]
    public async Task KubectlGet_FullyQualifiedVersion_ShowsThatVersionAndTheWarning()
    {
        var kubectl = Kubectl();
        await kubectl.OkWithInputAsync($"apiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: by-kubectl, namespace: {_ns}}}\nspec: {{size: 7}}\n", "apply", "-f", "-");

        var beta = await kubectl.RunAsync("-n", _ns, "get", "widgets.v1beta1.example.com", "by-kubectl", "-o", "jsonpath={.apiVersion} {.spec.size}");
        var stable = await kubectl.RunAsync("-n", _ns, "get", "widgets.v1.example.com", "by-kubectl", "-o", "jsonpath={.apiVersion} {.spec.size}");
        var preferred = await kubectl.OkAsync("-n", _ns, "get", "widget", "by-kubectl", "-o", "jsonpath={.apiVersion}");

        Assert.Multiple(() =>
        {
            Assert.That(beta.ExitCode, Is.Zero, beta.Stderr);
            Assert.That(beta.Stdout, Is.EqualTo("example.com/v1beta1 7"));
            Assert.That(beta.Stderr, Does.Contain("Warning: example.com/v1beta1 Widget is deprecated; use example.com/v1 Widget"));
            Assert.That(stable.Stdout, Is.EqualTo("example.com/v1 7"));
            Assert.That(stable.Stderr, Does.Not.Contain("Warning"));
            Assert.That(preferred, Is.EqualTo("example.com/v1"), "discovery prefers the GA version");
        });
    }

    [Test]
    public async Task StorageVersionChange_KeepsEarlierVersionInStoredVersions()
    {
        var crd = WidgetCrd.Replace("widgets", "sprockets", StringComparison.Ordinal).Replace("widget", "sprocket", StringComparison.Ordinal).Replace("Widget", "Sprocket", StringComparison.Ordinal);
        var kubectl = Kubectl();
        await kubectl.OkWithInputAsync(crd, "apply", "-f", "-");
        var moved = crd.Replace("storage: true", "storage: MOVED", StringComparison.Ordinal)
            .Replace("name: v1beta1\n    served: true\n    storage: false", "name: v1beta1\n    served: true\n    storage: true", StringComparison.Ordinal)
            .Replace("storage: MOVED", "storage: false", StringComparison.Ordinal);

        await kubectl.OkWithInputAsync(moved, "apply", "-f", "-");
        var stored = await kubectl.OkAsync("get", "crd", "sprockets.example.com", "-o", "jsonpath={.status.storedVersions}");

        Assert.That(JsonNode.Parse(stored)!.AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "v1", "v1beta1" }));
    }

    [Test]
    public async Task WebhookConversion_ThroughNonStorageVersion_IsRefusedClearly()
    {
        var (storageCode, _) = await SendAsync(HttpMethod.Post, $"/apis/example.com/v2/namespaces/{_ns}/gadgets", """{"apiVersion":"example.com/v2","kind":"Gadget","metadata":{"name":"g"}}""");
        var (otherCode, status) = await SendAsync(HttpMethod.Get, $"/apis/example.com/v1/namespaces/{_ns}/gadgets/g");

        Assert.Multiple(() =>
        {
            Assert.That(storageCode, Is.EqualTo(201));
            Assert.That(otherCode, Is.EqualTo(500));
            Assert.That(status!["message"]!.GetValue<string>(), Does.Contain("conversion webhook for example.com/v1, Kind=Gadget failed").And.Contain("does not call conversion webhooks"));
        });
    }

    [Test]
    public async Task Create_WebhookStrategyWithoutWebhook_IsInvalid()
    {
        var crd = GadgetWebhookCrd.Replace("gadgets", "doodads", StringComparison.Ordinal).Replace("gadget", "doodad", StringComparison.Ordinal).Replace("Gadget", "Doodad", StringComparison.Ordinal);
        var withoutWebhook = crd[..crd.IndexOf("    webhook:", StringComparison.Ordinal)] + crd[crd.IndexOf("  versions:", StringComparison.Ordinal)..];

        var result = await Kubectl().RunWithInputAsync(withoutWebhook, "apply", "-f", "-");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("spec.conversion.webhook: Required value: required when strategy is set to Webhook"));
        });
    }
}
