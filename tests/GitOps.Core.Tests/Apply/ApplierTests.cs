using GitOps.Apply;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Apply;

public sealed class ApplierTests : EmulatorTest
{
    private int _counter;

    private IApplier Applier => Services.GetRequiredService<IApplier>();

    private ManifestObject ConfigMap(string? labels = null, string data = "v1")
    {
        var name = $"cm-{Interlocked.Increment(ref _counter)}";
        return ManifestObjects.Parse($$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{name}}
              namespace: default
              labels: {{labels ?? "{}"}}
            data: {key: {{data}}}
            """);
    }

    private async Task<ManifestObject?> LiveAsync(ManifestObject manifest)
    {
        var resource = await Cluster.Client.Discovery.GetAsync(manifest);
        return await Cluster.Client.GetAsync(resource, manifest.Namespace, manifest.Name);
    }

    private static ManifestObject WithData(ManifestObject manifest, string value)
    {
        var copy = manifest.DeepClone();
        copy.Root["data"]!["key"] = value;
        return copy;
    }

    [TestCase(ApplyStrategy.ServerSide)]
    [TestCase(ApplyStrategy.ClientSide)]
    [TestCase(ApplyStrategy.Replace)]
    [TestCase(ApplyStrategy.Force)]
    public async Task ApplyAsync_CreateChangeRepeat_CreatedConfiguredUnchanged(ApplyStrategy strategy)
    {
        var desired = ConfigMap();

        var created = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = desired, Strategy = strategy });
        var changed = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = WithData(desired, "v2"), Live = await LiveAsync(desired), Strategy = strategy });
        var live = await LiveAsync(desired);

        Assert.Multiple(() =>
        {
            Assert.That(created.Outcome, Is.EqualTo(ApplyOutcome.Created), created.Message);
            Assert.That(changed.Outcome, Is.EqualTo(ApplyOutcome.Configured), changed.Message);
            Assert.That(live!.Root["data"]!["key"]!.GetValue<string>(), Is.EqualTo("v2"));
        });

        if (strategy is ApplyStrategy.ServerSide or ApplyStrategy.ClientSide)
        {
            var repeated = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = WithData(desired, "v2"), Live = live, Strategy = strategy });
            Assert.That(repeated.Outcome, Is.EqualTo(ApplyOutcome.Unchanged), repeated.Message);
        }
    }

    [TestCase(ApplyStrategy.ServerSide)]
    [TestCase(ApplyStrategy.ClientSide)]
    [TestCase(ApplyStrategy.Replace)]
    [TestCase(ApplyStrategy.Force)]
    public async Task ApplyAsync_DryRun_StoresNothing(ApplyStrategy strategy)
    {
        var desired = ConfigMap();
        await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = desired });
        var live = await LiveAsync(desired);

        var result = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = WithData(desired, "dry"), Live = live, Strategy = strategy, DryRun = true });

        Assert.Multiple(async () =>
        {
            Assert.That(result.Outcome, Is.Not.EqualTo(ApplyOutcome.Failed), result.Message);
            Assert.That((await LiveAsync(desired))!.Root["data"]!["key"]!.GetValue<string>(), Is.EqualTo("v1"));
            Assert.That(result.Message, Does.Contain("dry run").Or.Contain("unchanged"));
        });
    }

    [Test]
    public async Task ApplyAsync_ClientSideLabelDroppedFromGit_RemovedButOthersKept()
    {
        var desired = ConfigMap("{a: '1', b: '2'}");
        await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = desired, Strategy = ApplyStrategy.ClientSide });
        var resource = await Cluster.Client.Discovery.GetAsync(desired);
        await Cluster.Client.PatchAsync(resource, "default", desired.Name, "application/merge-patch+json",
            System.Text.Json.Nodes.JsonNode.Parse("""{"metadata":{"labels":{"added-by-someone":"x"}}}""")!);
        var withoutB = desired.DeepClone();
        withoutB.Metadata!["labels"]!.AsObject().Remove("b");

        var result = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = withoutB, Live = await LiveAsync(desired), Strategy = ApplyStrategy.ClientSide });
        var labels = (await LiveAsync(desired))!.Labels;

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Configured));
            Assert.That(labels.Keys, Is.EquivalentTo(new[] { "a", "added-by-someone" }));
        });
    }

    [Test]
    public async Task ApplyAsync_ServerSideConflictWithoutForce_FailedNamingConflict()
    {
        var desired = ConfigMap();
        await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = desired, FieldManager = "someone-else" });

        var result = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = WithData(desired, "mine"), Live = await LiveAsync(desired) });
        var forced = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = WithData(desired, "mine"), Live = await LiveAsync(desired), ForceConflicts = true });

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Failed));
            Assert.That(result.Message, Does.Contain("conflict").IgnoreCase.And.Contain("someone-else"));
            Assert.That(forced.Outcome, Is.EqualTo(ApplyOutcome.Configured));
        });
    }

    [Test]
    public async Task ApplyAsync_ReplaceOnNamespace_AppliedNotReplaced()
    {
        var ns = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"replace-me","labels":{"a":"1"}}}""");
        await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = ns });
        var relabelled = ns.DeepClone();
        relabelled.SetLabel("a", "2");
        Cluster.Emulator.RequestLog.Clear();

        var result = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = relabelled, Live = await LiveAsync(ns), Strategy = ApplyStrategy.Replace });

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Configured));
            Assert.That(Cluster.Emulator.RequestLog.Count("update", "namespaces"), Is.Zero);
            Assert.That(Cluster.Emulator.RequestLog.Count("patch", "namespaces"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ApplyAsync_InvalidObject_FailedWithServerReason()
    {
        var bad = ManifestObjects.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Not_A_Valid_Name","namespace":"default"}}""");

        var result = await Applier.ApplyAsync(Cluster.Client, new ApplyRequest { Desired = bad });

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(ApplyOutcome.Failed));
            Assert.That(result.Message, Does.Contain("Not_A_Valid_Name"));
        });
    }
}
