using System.Net;
using GitOps.Testing.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitOps.Testing.Tests.Storage;

/// <summary>Deletion with finalizers: terminating namespaces and foreground deletion waiting for held dependents.</summary>
[TestFixture]
public sealed class DeletionTests : EmulatorFixture
{
    private static V1ConfigMap Held(string name, V1OwnerReference? owner = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Finalizers = ["example.com/hold"], OwnerReferences = owner is null ? null : [owner] },
    };

    private static V1Patch ReleaseFinalizers() => new("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch);

    [Test]
    public async Task Namespace_WithHeldContent_StaysTerminatingAndRefusesNewContent()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        await client.CoreV1.CreateNamespacedConfigMapAsync(Held("held"), ns);

        await client.CoreV1.DeleteNamespaceAsync(ns);
        var terminating = await client.CoreV1.ReadNamespaceAsync(ns);
        var refused = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "new" } }, ns));
        await client.CoreV1.PatchNamespacedConfigMapAsync(ReleaseFinalizers(), "held", ns);
        var gone = Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespaceAsync(ns));

        Assert.Multiple(() =>
        {
            Assert.That(terminating.Status.Phase, Is.EqualTo("Terminating"));
            Assert.That(terminating.Metadata.DeletionTimestamp, Is.Not.Null);
            Assert.That(refused!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(refused.Response.Content, Does.Contain("because it is being terminated"));
            Assert.That(gone!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the namespace goes once its last object does");
        });
    }

    [Test]
    public async Task Foreground_OwnerWaitsForHeldDependent()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var owner = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, ns);
        var reference = new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true };
        await client.CoreV1.CreateNamespacedConfigMapAsync(Held("child", reference), ns);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, propagationPolicy: "Foreground");
        var waiting = await client.CoreV1.ReadNamespacedConfigMapAsync("owner", ns);
        var child = await client.CoreV1.ReadNamespacedConfigMapAsync("child", ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(ReleaseFinalizers(), "child", ns);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        Assert.Multiple(() =>
        {
            Assert.That(waiting.Metadata.Finalizers, Does.Contain("foregroundDeletion"));
            Assert.That(child.Metadata.DeletionTimestamp, Is.Not.Null, "the dependent is being deleted");
            Assert.That(list.Items, Is.Empty, "both go once the dependent's finalizer is removed");
        });
    }

    [Test]
    public async Task Background_DependentsOfDependentsAreCollected()
    {
        using var client = Client();
        var ns = await NewNamespaceAsync();
        var a = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, ns);
        var b = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "a", Uid = a.Metadata.Uid }] } }, ns);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "b", Uid = b.Metadata.Uid }] } }, ns);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        Assert.That(list.Items, Is.Empty);
    }

    [Test]
    public async Task ClusterScopedCrd_ServesClusterObjects()
    {
        using var client = Client();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "clusterthings.example.net" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.net",
                Scope = "Cluster",
                Names = new V1CustomResourceDefinitionNames { Plural = "clusterthings", Kind = "ClusterThing" },
                Versions = [new V1CustomResourceDefinitionVersion { Name = "v1", Served = true, Storage = true }],
            },
        });

        var (created, _) = await SendAsync(HttpMethod.Post, "/apis/example.net/v1/clusterthings", """{"apiVersion":"example.net/v1","kind":"ClusterThing","metadata":{"name":"one"}}""");
        var (namespaced, _) = await SendAsync(HttpMethod.Post, "/apis/example.net/v1/namespaces/default/clusterthings", """{"apiVersion":"example.net/v1","kind":"ClusterThing","metadata":{"name":"two"}}""");
        var (strategic, _) = await SendAsync(HttpMethod.Patch, "/apis/example.net/v1/clusterthings/one", """{"spec":{"a":1}}""", "application/strategic-merge-patch+json");

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(201));
            Assert.That(namespaced, Is.EqualTo(404));
            Assert.That(strategic, Is.EqualTo(415), "custom resources do not take strategic merge patches");
        });
    }

    [Test]
    public async Task Crd_InvalidDefinition_IsInvalidWithCauses()
    {
        var (code, status) = await SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"wrong.example.com"},"spec":{"group":"example.com","scope":"Everywhere","names":{"plural":"things","kind":"Thing"},"versions":[]}}""");

        var fields = status!["details"]!["causes"]!.AsArray().Select(c => (string?)c!["field"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(fields, Does.Contain("spec.scope").And.Contain("metadata.name").And.Contain("spec.versions"));
        });
    }
}
