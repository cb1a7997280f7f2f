using System.Text.Json.Nodes;
using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Api;

/// <summary>Real kubectl drives the emulator: apply (client- and server-side), diff, patches, label, annotate.</summary>
[TestFixture]
public sealed class KubectlApplyTests : EmulatorFixture
{
    private static string Deployment(string ns, int replicas, string image) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{{ns}}}
          labels: {app: web}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: {{{image}}}
                ports: [{containerPort: 80}]
                env: [{name: A, value: "1"}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg, namespace: {{{ns}}}}
        data: {a: "1"}
        """;

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Test]
    public async Task Apply_ClientSide_CreatesThenConfiguresThenIsUnchanged()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();

        var created = await kubectl.OkWithInputAsync(Deployment(ns, 2, "nginx:1.27"), "apply", "-f", "-");
        var again = await kubectl.OkWithInputAsync(Deployment(ns, 2, "nginx:1.27"), "apply", "-f", "-");
        var changed = await kubectl.OkWithInputAsync(Deployment(ns, 3, "nginx:1.28"), "apply", "-f", "-");
        var live = Parse(await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "json"));

        Assert.Multiple(() =>
        {
            Assert.That(created, Does.Contain("deployment.apps/web created").And.Contain("configmap/cfg created"));
            Assert.That(again, Does.Contain("deployment.apps/web unchanged").And.Contain("configmap/cfg unchanged"));
            Assert.That(changed, Does.Contain("deployment.apps/web configured").And.Contain("configmap/cfg unchanged"));
            Assert.That((int)live["spec"]!["replicas"]!, Is.EqualTo(3));
            Assert.That((string?)live["spec"]!["template"]!["spec"]!["containers"]![0]!["image"], Is.EqualTo("nginx:1.28"));
            Assert.That((long)live["metadata"]!["generation"]!, Is.EqualTo(2));
            Assert.That(live["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Apply_ClientSideRemovingListItem_DeletesOnlyThatItem()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        var two = Deployment(ns, 1, "nginx").Replace("        env: [{name: A, value: \"1\"}]", "        env: [{name: A, value: \"1\"}, {name: B, value: \"2\"}]", StringComparison.Ordinal);
        await kubectl.OkWithInputAsync(two, "apply", "-f", "-");
        await kubectl.OkAsync("-n", ns, "patch", "deployment", "web", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"side","image":"busybox"}]}}}}""");

        await kubectl.OkWithInputAsync(Deployment(ns, 1, "nginx"), "apply", "-f", "-");
        var live = Parse(await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "json"));

        var containers = live["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(containers.Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "app", "side" }), "the patched-in container is not in the last applied configuration, so apply keeps it");
            Assert.That(containers[0]!["env"]!.AsArray().Select(e => (string?)e!["name"]), Is.EqualTo(new[] { "A" }));
        });
    }

    [Test]
    public async Task Apply_ServerSide_OwnsFieldsAndReportsConflictsUnlessForced()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkWithInputAsync(Deployment(ns, 2, "nginx"), "apply", "--server-side", "-f", "-");

        var conflict = await kubectl.RunWithInputAsync(Deployment(ns, 4, "nginx"), "apply", "--server-side", "--field-manager=other", "-f", "-");
        var forced = await kubectl.RunWithInputAsync(Deployment(ns, 4, "nginx"), "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-");
        var live = Parse(await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "json", "--show-managed-fields"));

        var managers = live["metadata"]!["managedFields"]!.AsArray().Select(m => ((string?)m!["manager"], (string?)m["operation"])).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(conflict.ExitCode, Is.Not.Zero);
            Assert.That(conflict.Stderr, Does.Contain("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas"));
            Assert.That(forced.ExitCode, Is.Zero, forced.Stderr);
            Assert.That(forced.Stdout, Does.Contain("deployment.apps/web serverside-applied"));
            Assert.That((int)live["spec"]!["replicas"]!, Is.EqualTo(4));
            Assert.That(managers, Does.Contain(("kubectl", "Apply")).And.Contain(("other", "Apply")));
        });
    }

    [Test]
    public async Task Apply_ServerSideDroppingField_RemovesItWhenNoOneElseOwnsIt()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        var cm = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c, namespace: {ns}}}\ndata: {{a: '1', b: '2'}}\n";
        await kubectl.OkWithInputAsync(cm, "apply", "--server-side", "-f", "-");
        await kubectl.OkAsync("-n", ns, "patch", "configmap", "c", "--type", "merge", "-p", """{"data":{"c":"3"}}""");

        await kubectl.OkWithInputAsync(cm.Replace(", b: '2'", string.Empty, StringComparison.Ordinal), "apply", "--server-side", "-f", "-");
        var data = Parse(await kubectl.OkAsync("-n", ns, "get", "configmap", "c", "-o", "json"))["data"]!.AsObject();

        Assert.That(data.Select(p => p.Key), Is.EquivalentTo(new[] { "a", "c" }));
    }

    [Test]
    public async Task Diff_ChangedManifest_ExitsOneAndShowsTheChange()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkWithInputAsync(Deployment(ns, 2, "nginx:1.27"), "apply", "-f", "-");
        var before = await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.metadata.generation} {.spec.replicas}");

        var same = await kubectl.RunWithInputAsync(Deployment(ns, 2, "nginx:1.27"), "diff", "-f", "-");
        var diff = await kubectl.RunWithInputAsync(Deployment(ns, 5, "nginx:1.27"), "diff", "-f", "-");
        var after = await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.metadata.generation} {.spec.replicas}");

        Assert.Multiple(() =>
        {
            Assert.That(same.ExitCode, Is.Zero, same.Stderr + same.Stdout);
            Assert.That(diff.ExitCode, Is.EqualTo(1), diff.Stderr);
            Assert.That(diff.Stdout, Does.Contain("-  replicas: 2").And.Contain("+  replicas: 5"));
            Assert.That(after, Is.EqualTo(before), "diff runs as a dry run and must not write (status changes by controllers aside)");
        });
    }

    [Test]
    public async Task Patch_EachType_ChangesTheObject()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkWithInputAsync(Deployment(ns, 1, "nginx"), "apply", "-f", "-");

        await kubectl.OkAsync("-n", ns, "patch", "deployment", "web", "--type", "merge", "-p", """{"spec":{"replicas":5}}""");
        await kubectl.OkAsync("-n", ns, "patch", "deployment", "web", "--type", "json", "-p", """[{"op":"add","path":"/metadata/labels/tier","value":"front"}]""");
        await kubectl.OkAsync("-n", ns, "patch", "deployment", "web", "--type", "strategic", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:2"}]}}}}""");
        var live = Parse(await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "json"));

        var containers = live["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That((int)live["spec"]!["replicas"]!, Is.EqualTo(5));
            Assert.That((string?)live["metadata"]!["labels"]!["tier"], Is.EqualTo("front"));
            Assert.That(containers, Has.Count.EqualTo(1), "a strategic patch merges containers by name");
            Assert.That((string?)containers[0]!["image"], Is.EqualTo("nginx:2"));
            Assert.That(containers[0]!["env"], Is.Not.Null, "fields the patch does not name stay");
        });
    }

    [Test]
    public async Task LabelAndAnnotate_SetAndRemove()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkWithInputAsync(Deployment(ns, 1, "nginx"), "apply", "-f", "-");

        await kubectl.OkAsync("-n", ns, "label", "configmap", "cfg", "tier=back", "team=x");
        await kubectl.OkAsync("-n", ns, "label", "configmap", "cfg", "team-");
        await kubectl.OkAsync("-n", ns, "annotate", "configmap", "cfg", "note=hello");
        var overwrite = await kubectl.RunAsync("-n", ns, "label", "configmap", "cfg", "tier=front");
        var meta = Parse(await kubectl.OkAsync("-n", ns, "get", "configmap", "cfg", "-o", "json"))["metadata"]!;
        var selected = await kubectl.OkAsync("-n", ns, "get", "configmap", "-l", "tier in (back),!team", "-o", "name");

        Assert.Multiple(() =>
        {
            Assert.That(overwrite.ExitCode, Is.Not.Zero, "kubectl refuses to overwrite a label without --overwrite");
            Assert.That(meta["labels"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "tier" }));
            Assert.That((string?)meta["annotations"]!["note"], Is.EqualTo("hello"));
            Assert.That(selected.Trim(), Is.EqualTo("configmap/cfg"));
        });
    }

    [Test]
    public async Task Apply_Prune_DeletesAppliedObjectsMissingFromTheSet()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        static string Cm(string ns, string name) => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}, namespace: {ns}, labels: {{set: p}}}}\n";
        await kubectl.OkWithInputAsync(Cm(ns, "keep") + "---\n" + Cm(ns, "old"), "apply", "-f", "-");

        var pruned = await kubectl.OkWithInputAsync(Cm(ns, "keep"), "-n", ns, "apply", "--prune", "-l", "set=p", "-f", "-");
        var left = await kubectl.OkAsync("-n", ns, "get", "configmaps", "-o", "name");

        Assert.Multiple(() =>
        {
            Assert.That(pruned, Does.Contain("configmap/old pruned"));
            Assert.That(left.Trim(), Is.EqualTo("configmap/keep"));
        });
    }

    [Test]
    public async Task Diff_ServerSide_ShowsTheChangeWithoutWriting()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        await kubectl.OkWithInputAsync(Deployment(ns, 2, "nginx"), "apply", "--server-side", "-f", "-");

        var diff = await kubectl.RunWithInputAsync(Deployment(ns, 6, "nginx"), "diff", "--server-side", "-f", "-");
        var replicas = await kubectl.OkAsync("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.spec.replicas}");

        Assert.Multiple(() =>
        {
            Assert.That(diff.ExitCode, Is.EqualTo(1), diff.Stderr);
            Assert.That(diff.Stdout, Does.Contain("+  replicas: 6"));
            Assert.That(replicas, Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Apply_ServerSideAfterClientSide_UpgradesOwnershipSoDroppedFieldsGo()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        var both = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: up, namespace: {ns}}}\ndata: {{a: '1', b: '2'}}\n";
        await kubectl.OkWithInputAsync(both, "apply", "-f", "-");
        await kubectl.OkWithInputAsync(both, "apply", "--server-side", "-f", "-");

        await kubectl.OkWithInputAsync(both.Replace(", b: '2'", string.Empty, StringComparison.Ordinal), "apply", "--server-side", "-f", "-");
        var live = Parse(await kubectl.OkAsync("-n", ns, "get", "configmap", "up", "-o", "json", "--show-managed-fields"));

        Assert.Multiple(() =>
        {
            Assert.That(live["data"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "a" }));
            Assert.That(live["metadata"]!["managedFields"]!.AsArray().Select(m => (string?)m!["manager"]), Does.Not.Contain("kubectl-client-side-apply"));
        });
    }
}
