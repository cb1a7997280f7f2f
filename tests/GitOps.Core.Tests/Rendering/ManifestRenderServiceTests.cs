using GitOps.Rendering;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Tests.Rendering;

public sealed class ManifestRenderServiceTests
{
    private static readonly Dictionary<string, string> Files = new() { ["app/a.yaml"] = "x", ["other/b.yaml"] = "y" };

    private static (IManifestRenderService Service, CountingRenderer Renderer, ServiceProvider Provider) Create(
        TimeSpan? delay = null, int capacity = 512)
    {
        var renderer = new CountingRenderer(delay: delay);
        var services = new ServiceCollection();
        services.AddGitOpsCore().ConfigureRenderCache(o => o.Capacity = capacity);
        services.AddSingleton<IManifestRenderer>(renderer);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IManifestRenderService>(), renderer, provider);
    }

    [Test]
    public async Task RenderAsync_SameRevisionTwice_SecondServedFromCache()
    {
        var (service, renderer, provider) = Create();
        using var _ = provider;
        var tree = new InMemorySourceTree(Files, revision: "1111111111111111111111111111111111111111");

        var first = await service.RenderAsync(new RenderRequest { Source = tree, Path = "app" });
        var second = await service.RenderAsync(new RenderRequest { Source = tree, Path = "./app/" });

        Assert.Multiple(() =>
        {
            Assert.That(renderer.Calls, Is.EqualTo(1));
            Assert.That(first.FromCache, Is.False);
            Assert.That(second.FromCache, Is.True);
            Assert.That(second.Objects[0].Name, Is.EqualTo(first.Objects[0].Name));
        });
    }

    [Test]
    public async Task RenderAsync_CachedResultChangedByCaller_CacheUnaffected()
    {
        var (service, _, provider) = Create();
        using var _ = provider;
        var tree = new InMemorySourceTree(Files, revision: "2222222222222222222222222222222222222222");

        var first = await service.RenderAsync(new RenderRequest { Source = tree, Path = "app" });
        first.Objects[0].Name = "changed";
        var second = await service.RenderAsync(new RenderRequest { Source = tree, Path = "app" });

        Assert.That(second.Objects[0].Name, Is.EqualTo("app-1"));
    }

    [Test]
    public async Task RenderAsync_DifferentRevisionPathOrContext_RendersAgain()
    {
        var (service, renderer, provider) = Create();
        using var _ = provider;
        var a = new InMemorySourceTree(Files, revision: "aaaa");
        var b = new InMemorySourceTree(Files, revision: "bbbb");

        await service.RenderAsync(new RenderRequest { Source = a, Path = "app" });
        await service.RenderAsync(new RenderRequest { Source = b, Path = "app" });
        await service.RenderAsync(new RenderRequest { Source = a, Path = "other" });
        await service.RenderAsync(new RenderRequest { Source = a, Path = "app", Context = new RenderContext { Namespace = "prod" } });

        Assert.That(renderer.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task RenderAsync_PlainDirectory_NeverCached()
    {
        var (service, renderer, provider) = Create();
        using var _ = provider;
        var tree = new InMemorySourceTree(Files, revision: null);

        await service.RenderAsync(new RenderRequest { Source = tree, Path = "app" });
        await service.RenderAsync(new RenderRequest { Source = tree, Path = "app" });

        Assert.That(renderer.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task RenderAsync_ConcurrentSameKey_RendersOnce()
    {
        var (service, renderer, provider) = Create(delay: TimeSpan.FromMilliseconds(100));
        using var _ = provider;
        var tree = new InMemorySourceTree(Files, revision: "cccc");

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => service.RenderAsync(new RenderRequest { Source = tree, Path = "app" }).AsTask()));

        Assert.Multiple(() =>
        {
            Assert.That(renderer.Calls, Is.EqualTo(1));
            Assert.That(results.Count(r => !r.FromCache), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RenderAsync_RenderFails_FailureNotCached()
    {
        var (service, renderer, provider) = Create();
        using var _ = provider;
        var tree = new InMemorySourceTree(Files, revision: "dddd");
        renderer.FailWith = new RenderException("boom");

        Assert.That(async () => await service.RenderAsync(new RenderRequest { Source = tree, Path = "app" }),
            Throws.TypeOf<RenderException>().With.Message.EqualTo("boom"));
        renderer.FailWith = null;
        var result = await service.RenderAsync(new RenderRequest { Source = tree, Path = "app" });

        Assert.Multiple(() =>
        {
            Assert.That(renderer.Calls, Is.EqualTo(2));
            Assert.That(result.FromCache, Is.False);
        });
    }

    [Test]
    public async Task RenderAsync_CapacityExceeded_OldestEvicted()
    {
        var (service, renderer, provider) = Create(capacity: 2);
        using var _ = provider;

        foreach (var revision in new[] { "r1", "r2", "r3", "r1" })
        {
            await service.RenderAsync(new RenderRequest { Source = new InMemorySourceTree(Files, revision), Path = "app" });
        }

        Assert.That(renderer.Calls, Is.EqualTo(4));
    }

    [Test]
    public void RenderAsync_PathEscapesRoot_ThrowsRenderException()
    {
        var (service, _, provider) = Create();
        using var _ = provider;
        var tree = new InMemorySourceTree(Files, revision: "eeee");

        Assert.That(async () => await service.RenderAsync(new RenderRequest { Source = tree, Path = "../etc" }),
            Throws.TypeOf<RenderException>().With.Message.Contains("../etc"));
    }

    [Test]
    public async Task RenderAsync_CallerCancels_SharedRenderStillCompletesForOthers()
    {
        var (service, renderer, provider) = Create(delay: TimeSpan.FromMilliseconds(200));
        using var _ = provider;
        var tree = new InMemorySourceTree(Files, revision: "ffff");
        using var cts = new CancellationTokenSource();

        var cancelled = service.RenderAsync(new RenderRequest { Source = tree, Path = "app" }, cts.Token).AsTask();
        var other = service.RenderAsync(new RenderRequest { Source = tree, Path = "app" }).AsTask();
        await cts.CancelAsync();

        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        var result = await other;
        Assert.Multiple(() =>
        {
            Assert.That(result.Objects, Has.Count.EqualTo(1));
            Assert.That(renderer.Calls, Is.EqualTo(1));
        });
    }
}
