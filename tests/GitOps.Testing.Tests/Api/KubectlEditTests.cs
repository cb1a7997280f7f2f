using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Api;

/// <summary>
/// Real `kubectl edit`, with a non-interactive editor (a sed script): kubectl reads the OpenAPI document to choose
/// between a strategic merge patch (built-in kinds) and a merge patch (custom resources), then patches with strict
/// field validation; an edit the server refuses leaves the object as it was.
/// </summary>
[TestFixture]
public sealed class KubectlEditTests : EmulatorFixture
{
    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    private async Task<KubectlResult> EditAsync(string sedExpression, params string[] args)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the test editor is a POSIX shell script");
        }

        var editor = Path.Combine(WorkDir, $"editor-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(editor, $"#!/bin/sh\nsed -i '{sedExpression}' \"$1\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return await Kubectl().RunWithEnvironmentAsync(string.Empty, new Dictionary<string, string> { ["EDITOR"] = editor }, ["edit", .. args]);
    }

    [Test]
    public async Task Edit_DeploymentReplicasAndImage_PatchesTheStoredObject()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync("edit");
        await kubectl.OkAsync("-n", ns, "create", "deployment", "web", "--image=nginx:1.25", "--replicas=2");

        var result = await EditAsync("s/replicas: 2/replicas: 4/; s/image: nginx:1.25/image: nginx:1.27/", "-n", ns, "deployment", "web");
        var deployment = Parse(await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "json"));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            Assert.That(result.Stdout, Does.Contain("deployment.apps/web edited"));
            Assert.That((int)deployment["spec"]!["replicas"]!, Is.EqualTo(4));
            Assert.That((string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"], Is.EqualTo("nginx:1.27"));
            Assert.That((long)deployment["metadata"]!["generation"]!, Is.EqualTo(2), "one spec change, one generation");
        });
    }

    [Test]
    public async Task Edit_InvalidValue_IsRejectedAndNothingChanges()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync("edit");
        await kubectl.OkAsync("-n", ns, "create", "deployment", "web", "--image=nginx", "--replicas=2");

        var result = await EditAsync("s/replicas: 2/replicas: -1/", "-n", ns, "deployment", "web");
        var replicas = await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stderr, Does.Contain("deployments.apps \"web\" is invalid"));
            Assert.That(replicas, Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Edit_CustomResource_UsesAMergePatch()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync("edit");
        await kubectl.OkWithInputAsync("""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: gadgets.edit.example.com}
            spec:
              group: edit.example.com
              scope: Namespaced
              names: {plural: gadgets, singular: gadget, kind: Gadget}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """, "apply", "-f", "-");
        await kubectl.OkAsync("wait", "--for=condition=Established", "crd/gadgets.edit.example.com", "--timeout=10s");
        await kubectl.OkWithInputAsync("apiVersion: edit.example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {size: small, tags: [a, b]}\n", "-n", ns, "apply", "-f", "-");

        var result = await EditAsync("s/size: small/size: large/", "-n", ns, "gadget", "g1");
        var gadget = Parse(await kubectl.OkAsync("-n", ns, "get", "gadget", "g1", "-o", "json"));
        var patched = Emulator.RequestLog.Requests.Any(r => r is { Verb: "patch", Resource: "gadgets", Name: "g1", StatusCode: 200 });

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            Assert.That((string?)gadget["spec"]!["size"], Is.EqualTo("large"));
            Assert.That(gadget["spec"]!["tags"]!.AsArray().Select(t => (string?)t), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(patched, Is.True, "kubectl patched the custom resource (a strategic merge patch would be refused with 415)");
        });
    }
}
