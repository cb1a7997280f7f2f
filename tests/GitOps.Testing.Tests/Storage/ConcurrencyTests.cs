using System.Net;
using GitOps.Testing.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitOps.Testing.Tests.Storage;

/// <summary>Parallel clients: every write is atomic, resource versions are unique, optimistic concurrency loses no update.</summary>
[TestFixture]
public sealed class ConcurrencyTests : EmulatorFixture
{
    [Test]
    public async Task ParallelReadModifyWrite_WithConflictRetries_LosesNoIncrement()
    {
        var ns = await NewNamespaceAsync();
        using var setup = Client();
        await setup.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "counter" }, Data = new Dictionary<string, string> { ["n"] = "0" } }, ns);
        var conflicts = 0;

        async Task IncrementAsync()
        {
            using var client = Client();
            for (var i = 0; i < 10; i++)
            {
                while (true)
                {
                    var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("counter", ns);
                    cm.Data["n"] = (int.Parse(cm.Data["n"], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    try
                    {
                        await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "counter", ns);
                        break;
                    }
                    catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(IncrementAsync)));
        var final = await setup.CoreV1.ReadNamespacedConfigMapAsync("counter", ns);

        Assert.That(final.Data["n"], Is.EqualTo("60"), $"{conflicts} conflicts were retried");
    }

    [Test]
    public async Task ParallelCreates_GetUniqueIncreasingResourceVersions()
    {
        var ns = await NewNamespaceAsync();

        using var client = Client();

        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{i}" } }, ns)));
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        var versions = created.Select(c => long.Parse(c.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(versions, Is.Unique);
            Assert.That(list.Items, Has.Count.EqualTo(40));
            Assert.That(long.Parse(list.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(versions.Max()));
        });
    }
}
