using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Diagnostics;

/// <summary>The request log counts what an operation cost: verbs per resource, as kubectl's calls show.</summary>
[TestFixture]
public sealed class ApiRequestLogTests : EmulatorFixture
{
    [Test]
    public async Task Count_AfterKubectlApply_ShowsTheGetAndCreatePerObject()
    {
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        Emulator.RequestLog.Clear();

        await kubectl.OkWithInputAsync($"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a, namespace: {ns}}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: b, namespace: {ns}}}\n", "apply", "-f", "-");
        await kubectl.OkAsync("-n", ns, "patch", "configmap", "a", "--type", "merge", "-p", """{"data":{"x":"1"}}""");
        var log = Emulator.RequestLog;

        Assert.Multiple(() =>
        {
            Assert.That(log.Count("get", "configmaps"), Is.EqualTo(3), "apply reads each object once, patch reads it once");
            Assert.That(log.Count("create", "configmaps"), Is.EqualTo(2));
            Assert.That(log.Count("patch", "configmaps"), Is.EqualTo(1));
            Assert.That(log.Count("create"), Is.EqualTo(2));
            Assert.That(log.Count("get", "namespaces"), Is.EqualTo(2), "kubectl checks the namespace exists before each create");
            Assert.That(log.Requests.Where(r => r.Resource == "configmaps").All(r => r.Namespace == ns), Is.True);
            Assert.That(log.Requests.Single(r => r.Verb == "patch").StatusCode, Is.EqualTo(200));
            Assert.That(log.Requests.First(r => r.Verb == "create").UserAgent, Does.StartWith("kubectl"));
        });
    }

    [Test]
    public async Task Clear_ResetsCountsAndRequests()
    {
        await SendAsync(HttpMethod.Get, "/api/v1/namespaces");

        Emulator.RequestLog.Clear();

        Assert.Multiple(() =>
        {
            Assert.That(Emulator.RequestLog.Total, Is.Zero);
            Assert.That(Emulator.RequestLog.Requests, Is.Empty);
        });
    }
}
