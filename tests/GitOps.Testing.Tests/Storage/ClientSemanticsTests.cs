using System.Net;
using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitOps.Testing.Tests.Storage;

/// <summary>KubernetesClient (typed and generic calls) against the emulator: the verbs' real semantics.</summary>
[TestFixture]
public sealed class ClientSemanticsTests : EmulatorFixture
{
    private static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Data = new Dictionary<string, string> { ["k"] = "v" } };

    [Test]
    public async Task Create_SetsServerMetadata()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        var deployment = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("d", 1), ns);

        Assert.Multiple(() =>
        {
            Assert.That(Guid.TryParse(created.Metadata.Uid, out _), Is.True);
            Assert.That(created.Metadata.CreationTimestamp, Is.Not.Null);
            Assert.That(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(created.Metadata.Generation, Is.Null, "ConfigMaps have no generation on a real server");
            Assert.That(deployment.Metadata.Generation, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Create_GenerateName_AddsARandomSuffix()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, ns);

        Assert.That(created.Metadata.Name, Does.Match("^gen-[a-z0-9]{5}$"));
    }

    [Test]
    public async Task Create_Twice_IsAlreadyExists409()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);

        var error = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns));
        var status = JsonNode.Parse(error!.Response.Content)!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((string?)status["reason"], Is.EqualTo("AlreadyExists"));
            Assert.That((string?)status["message"], Is.EqualTo("configmaps \"a\" already exists"));
            Assert.That((string?)status["details"]!["kind"], Is.EqualTo("configmaps"));
        });
    }

    [Test]
    public async Task Create_InMissingNamespace_IsNotFound()
    {
        using var client = Client();

        var error = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "no-such-namespace"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(error.Response.Content, Does.Contain("namespaces \\u0022no-such-namespace\\u0022 not found").Or.Contain("namespaces \"no-such-namespace\" not found"));
        });
    }

    [Test]
    public async Task Create_InvalidName_IsInvalid422WithCause()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();

        var error = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("Bad_Name"), ns));
        var status = JsonNode.Parse(error!.Response.Content)!;

        Assert.Multiple(() =>
        {
            Assert.That((int)status["code"]!, Is.EqualTo(422));
            Assert.That((string?)status["reason"], Is.EqualTo("Invalid"));
            Assert.That((string?)status["details"]!["causes"]![0]!["field"], Is.EqualTo("metadata.name"));
            Assert.That((string?)status["message"], Does.StartWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"));
        });
    }

    [Test]
    public async Task Update_StaleResourceVersion_IsConflict409()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var first = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);
        first.Data["k"] = "v2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "a", ns);

        first.Data["k"] = "v3";
        var error = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "a", ns));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(error.Response.Content, Does.Contain("the object has been modified; please apply your changes to the latest version and try again"));
        });
    }

    [Test]
    public async Task Update_GenerationBumpsOnSpecChangesOnly()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var d = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("d", 1), ns);

        d.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        d = await client.AppsV1.ReplaceNamespacedDeploymentAsync(d, "d", ns);
        var afterLabel = d.Metadata.Generation;
        d.Spec.Replicas = 4;
        d = await client.AppsV1.ReplaceNamespacedDeploymentAsync(d, "d", ns);
        d.Status = new V1DeploymentStatus { Replicas = 4 };
        d = await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, "d", ns);

        Assert.Multiple(() =>
        {
            Assert.That(afterLabel, Is.EqualTo(1));
            Assert.That(d.Metadata.Generation, Is.EqualTo(2));
            Assert.That(d.Status.Replicas, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Update_MainResource_IgnoresStatusAndStatusSubresourceIgnoresSpec()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var d = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("d", 1), ns);

        d.Status = new V1DeploymentStatus { Replicas = 9 };
        d = await client.AppsV1.ReplaceNamespacedDeploymentAsync(d, "d", ns);
        var statusAfterMain = d.Status?.Replicas;
        d.Spec.Replicas = 7;
        d.Status = new V1DeploymentStatus { Replicas = 3 };
        d = await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, "d", ns);

        Assert.Multiple(() =>
        {
            Assert.That(statusAfterMain, Is.Null);
            Assert.That(d.Spec.Replicas, Is.EqualTo(1));
            Assert.That(d.Status.Replicas, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Update_NoChange_KeepsResourceVersion()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);

        var same = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", ns);

        Assert.That(same.Metadata.ResourceVersion, Is.EqualTo(created.Metadata.ResourceVersion));
    }

    [Test]
    public async Task List_LabelSelectorOperators_FilterLikeTheRealServer()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new Dictionary<string, string> { ["env"] = "prod", ["tier"] = "web" }), ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", new Dictionary<string, string> { ["env"] = "dev" }), ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns);

        async Task<string[]> Names(string selector) =>
            (await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: selector)).Items.Select(i => i.Metadata.Name).ToArray();

        Assert.Multiple(async () =>
        {
            Assert.That(await Names("env=prod"), Is.EqualTo(new[] { "a" }));
            Assert.That(await Names("env==dev"), Is.EqualTo(new[] { "b" }));
            Assert.That(await Names("env!=prod"), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(await Names("env in (prod,dev)"), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(await Names("env notin (prod)"), Is.EqualTo(new[] { "b", "c" }));
            Assert.That(await Names("tier"), Is.EqualTo(new[] { "a" }));
            Assert.That(await Names("!env"), Is.EqualTo(new[] { "c" }));
            Assert.That(await Names("env,!tier"), Is.EqualTo(new[] { "b" }));
        });
    }

    [Test]
    public async Task List_FieldSelectorAndPagination_ReturnEveryItemOnce()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 7; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), ns);
        }

        var byName = await client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=cm-3");
        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 3, continueParameter: next);
            seen.AddRange(page.Items.Select(i => i.Metadata.Name));
            next = page.Metadata.ContinueProperty;
            pages++;
            if (next is not null)
            {
                Assert.That(page.Metadata.RemainingItemCount, Is.EqualTo(7 - seen.Count));
            }
        }
        while (next is not null);

        Assert.Multiple(() =>
        {
            Assert.That(byName.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "cm-3" }));
            Assert.That(pages, Is.EqualTo(3));
            Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 7).Select(i => $"cm-{i}")));
        });
    }

    [Test]
    public async Task List_ChangesBetweenPages_PagesReadTheFirstPagesSnapshot()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 6; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), ns);
        }

        var first = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 3);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("cm-4", ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm-9"), ns);
        var changed = await client.CoreV1.ReadNamespacedConfigMapAsync("cm-5", ns);
        changed.Data = new Dictionary<string, string> { ["k"] = "changed" };
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(changed, "cm-5", ns);
        var second = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 10, continueParameter: first.Metadata.ContinueProperty);
        var now = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        Assert.Multiple(() =>
        {
            Assert.That(second.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "cm-3", "cm-4", "cm-5" }), "the collection as of the first page");
            Assert.That(second.Items.Last().Data?.Values, Has.No.Member("changed"));
            Assert.That(second.Metadata.ResourceVersion, Is.EqualTo(first.Metadata.ResourceVersion));
            Assert.That(now.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "cm-0", "cm-1", "cm-2", "cm-3", "cm-5", "cm-9" }));
        });
    }

    [Test]
    public async Task List_ResourceVersionMatchExact_ReadsThePast()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before"), ns);
        var then = (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after"), ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("before", ns);

        var (code, past) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?resourceVersion={then}&resourceVersionMatch=Exact");
        var (futureCode, _) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?resourceVersion=999999999&resourceVersionMatch=Exact");
        var (badCode, bad) = await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?resourceVersion=1&resourceVersionMatch=Newest");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(200));
            Assert.That(past!["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]), Is.EqualTo(new[] { "before" }));
            Assert.That((string?)past["metadata"]!["resourceVersion"], Is.EqualTo(then));
            Assert.That(futureCode, Is.EqualTo(504), "a version from the future, as the real server answers after its wait");
            Assert.That(badCode, Is.EqualTo(400));
            Assert.That((string?)bad!["message"], Does.Contain("resourceVersionMatch"));
        });
    }

    [Test]
    public async Task List_KindSpecificFieldSelectors_FilterAndUnknownOnesAreBadRequest()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "tls" }, Type = "kubernetes.io/tls", Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1], ["tls.key"] = [2] } }, ns);
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "plain" } }, ns);
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event { Metadata = new V1ObjectMeta { Name = "e1" }, InvolvedObject = new V1ObjectReference { Kind = "Secret", Name = "tls", NamespaceProperty = ns }, Reason = "Made" }, ns);

        var tls = await client.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "type=kubernetes.io/tls");
        var opaque = await client.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: "type!=kubernetes.io/tls");
        var events = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=tls,involvedObject.kind=Secret");
        var unknown = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "data.k=v"));

        Assert.Multiple(() =>
        {
            Assert.That(tls.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "tls" }));
            Assert.That(opaque.Items.Select(i => (i.Metadata.Name, i.Type)), Is.EqualTo(new[] { ("plain", "Opaque") }));
            Assert.That(events.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "e1" }));
            Assert.That(unknown!.Response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknown.Response.Content, Does.Contain("field label not supported: data.k"));
        });
    }

    [Test]
    public async Task Delete_WithFinalizer_KeepsObjectUntilFinalizerRemoved()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var cm = ConfigMap("f");
        cm.Metadata.Finalizers = ["example.com/hold"];
        await client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("f", ns);
        var held = await client.CoreV1.ReadNamespacedConfigMapAsync("f", ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "f", ns);
        var gone = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("f", ns));

        Assert.Multiple(() =>
        {
            Assert.That(held.Metadata.DeletionTimestamp, Is.Not.Null);
            Assert.That(gone!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task DryRun_OnEveryMutatingVerb_ChangesNothing()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), ns);

        var dryCreated = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns, dryRun: "All");
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"dry"}}""", V1Patch.PatchType.MergePatch), "a", ns, dryRun: "All");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns, dryRun: "All");
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        Assert.Multiple(() =>
        {
            Assert.That(dryCreated.Metadata.Name, Is.EqualTo("b"));
            Assert.That(patched.Data["k"], Is.EqualTo("dry"));
            Assert.That(list.Items.Select(i => (i.Metadata.Name, i.Data["k"], i.Metadata.ResourceVersion)), Is.EqualTo(new[] { ("a", "v", created.Metadata.ResourceVersion) }));
        });
    }

    [Test]
    public async Task DeleteCollection_WithSelector_DeletesOnlyMatches()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new Dictionary<string, string> { ["x"] = "1" }), ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), ns);

        await client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: "x=1");
        var left = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        Assert.That(left.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public async Task Generic_CustomResource_CrudThroughGenericClient()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "things.example.org" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.org",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "things", Singular = "thing", Kind = "Thing" },
                Versions = [new V1CustomResourceDefinitionVersion { Name = "v1alpha1", Served = true, Storage = true, Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } } }],
            },
        };
        var stored = await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);

        var thing = new JsonObject { ["apiVersion"] = "example.org/v1alpha1", ["kind"] = "Thing", ["metadata"] = new JsonObject { ["name"] = "t1" }, ["spec"] = new JsonObject { ["color"] = "red" } };
        var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(thing, "example.org", "v1alpha1", ns, "things");
        var read = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("example.org", "v1alpha1", ns, "things", "t1");

        Assert.Multiple(() =>
        {
            Assert.That(stored.Status.Conditions.Any(c => c.Type == "Established" && c.Status == "True"), Is.True);
            Assert.That((long)created["metadata"]!["generation"]!, Is.EqualTo(1));
            Assert.That((string?)read["spec"]!["color"], Is.EqualTo("red"));
        });
    }

    [Test]
    public async Task Watch_StreamsAddedModifiedDeleted()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var events = new List<(WatchEventType Type, string Name)>();
        var done = new TaskCompletionSource();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, item.Metadata.Name));
                if (type == WatchEventType.Deleted)
                {
                    return;
                }
            }
        });
        await Task.Delay(200);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("w"), ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"2"}}""", V1Patch.PatchType.MergePatch), "w", ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("w", ns);
        await watching.WaitAsync(cts.Token);

        Assert.That(events, Is.EqualTo(new[] { (WatchEventType.Added, "w"), (WatchEventType.Modified, "w"), (WatchEventType.Deleted, "w") }));
    }

    [Test]
    public async Task Watch_FromOldResourceVersion_ReplaysHistory()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var start = (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion;
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("x", ns);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var events = new List<WatchEventType>();
        await foreach (var (type, _) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: start, cancellationToken: cts.Token))
        {
            events.Add(type);
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        Assert.That(events, Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Deleted }));
    }

    [Test]
    public async Task Generic_TypedObjectsThroughGenericClient_RoundTrip()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        using var generic = new GenericClient(client, string.Empty, "v1", "configmaps", disposeClient: false);

        await generic.CreateNamespacedAsync(ConfigMap("g"), ns);
        var read = await generic.ReadNamespacedAsync<V1ConfigMap>(ns, "g");
        var list = await generic.ListNamespacedAsync<V1ConfigMapList>(ns);
        await generic.DeleteNamespacedAsync<V1ConfigMap>(ns, "g");
        var after = await generic.ListNamespacedAsync<V1ConfigMapList>(ns);

        Assert.Multiple(() =>
        {
            Assert.That(read.Data["k"], Is.EqualTo("v"));
            Assert.That(list.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "g" }));
            Assert.That(after.Items, Is.Empty);
        });
    }

    [Test]
    public async Task Crd_TwoServedVersions_ServeTheSameObjects()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "gizmos.example.io" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.io",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "gizmos", Kind = "Gizmo" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion { Name = "v1beta1", Served = true, Storage = false },
                    new V1CustomResourceDefinitionVersion { Name = "v1", Served = true, Storage = true },
                ],
            },
        });

        await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(
            new JsonObject { ["apiVersion"] = "example.io/v1beta1", ["kind"] = "Gizmo", ["metadata"] = new JsonObject { ["name"] = "g" } }, "example.io", "v1beta1", ns, "gizmos");
        var asV1 = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("example.io", "v1", ns, "gizmos", "g");
        var (_, groups) = await SendAsync(HttpMethod.Get, "/apis/example.io");

        Assert.Multiple(() =>
        {
            Assert.That((string?)asV1["apiVersion"], Is.EqualTo("example.io/v1"));
            Assert.That((string?)groups!["preferredVersion"]!["version"], Is.EqualTo("v1"), "GA sorts before beta");
        });
    }

    private static V1Deployment Deployment(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            },
        },
    };
}
