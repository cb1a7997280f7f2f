using GitOps.Renderers.Helm;
using GitOps.Renderers.Kustomize;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Sources.Git;
using GitOps.Tests.Sources.Fixtures;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Tests.Tools;

/// <summary>
/// One read-only copy per commit, shared by renders: reused, made once under concurrency, never written by overrides,
/// and removed when no longer used.
/// </summary>
public sealed class SharedTreeCopiesTests
{
    private const string Kustomization = "resources:\n  - ../base\ncommonLabels:\n  tier: web\n";
    private TempDirectory _dir = null!;
    private string _url = null!;
    private string _commit = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        ExternalTools.Require("kubectl");
        ExternalTools.Require("helm");
        _dir = new TempDirectory();
        var repository = TestRepository.Create(_dir.Path, "source")
            .WriteFile("base/kustomization.yaml", "resources:\n  - cm.yaml\n")
            .WriteFile("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"1\"\n")
            .WriteFile("overlay/kustomization.yaml", Kustomization)
            .WriteFile("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")
            .WriteFile("chart/values.yaml", "greeting: hello\n")
            .WriteFile("chart/templates/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-greeting\ndata:\n  greeting: {{ .Values.greeting }}\n");
        _commit = repository.Commit("apps");
        _url = repository.FileUrl;
    }

    [OneTimeTearDown]
    public void RemoveRepository() => _dir?.Dispose();

    [Test]
    public async Task RenderAsync_SameCommitOpenedTwice_OneCopyServesBothRenders()
    {
        await using var services = GitServices();
        var copies = services.GetRequiredService<SharedTreeCopies>();
        var git = services.GetRequiredService<IGitSource>();

        var helm = await RenderAsync(services, await git.OpenAsync(_url, _commit), "chart", new HelmRendererOptions());
        var kustomize = await RenderAsync(services, await git.OpenAsync(_url, _commit), "overlay", new KustomizeRendererOptions());

        Assert.Multiple(() =>
        {
            Assert.That(copies.Copies, Is.EqualTo(1));
            Assert.That(helm.Objects.Single().Name, Is.EqualTo("demo-greeting"));
            Assert.That(kustomize.Objects.Single().Name, Is.EqualTo("settings"));
        });
    }

    [Test]
    public async Task RenderAsync_ConcurrentRendersOfOneCommit_CopyMadeOnce()
    {
        await using var services = GitServices();
        var copies = services.GetRequiredService<SharedTreeCopies>();
        var tree = await services.GetRequiredService<IGitSource>().OpenAsync(_url, _commit);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? RenderAsync(services, tree, "chart", new HelmRendererOptions())
            : RenderAsync(services, tree, "overlay", new KustomizeRendererOptions())));

        Assert.Multiple(() =>
        {
            Assert.That(copies.Copies, Is.EqualTo(1));
            Assert.That(results.Select(r => r.Objects.Single().Name), Is.EqualTo(new[] { "demo-greeting", "settings", "demo-greeting", "settings", "demo-greeting", "settings" }));
        });
    }

    [Test]
    public async Task RenderAsync_KustomizeOverrides_WrittenToPrivateFolderNotSharedCopy()
    {
        await using var services = GitServices();
        var copies = services.GetRequiredService<SharedTreeCopies>();
        var tree = await services.GetRequiredService<IGitSource>().OpenAsync(_url, _commit);
        await RenderAsync(services, tree, "overlay", new KustomizeRendererOptions());
        var shared = copies.Folders.Single();

        var overridden = await RenderAsync(services, tree, "overlay", new KustomizeRendererOptions { NamePrefix = "edited-", Namespace = "other" });
        var plain = await RenderAsync(services, tree, "overlay", new KustomizeRendererOptions());

        Assert.Multiple(() =>
        {
            Assert.That(overridden.Objects.Single().Name, Is.EqualTo("edited-settings"), "the overlay's ../base is reached through the private folder");
            Assert.That(overridden.Objects.Single().Namespace, Is.EqualTo("other"));
            Assert.That(File.ReadAllText(Path.Combine(shared, "overlay", "kustomization.yaml")), Is.EqualTo(Kustomization));
            Assert.That(plain.Objects.Single().Name, Is.EqualTo("settings"));
            Assert.That(copies.Copies, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RenderAsync_KustomizeOverrideError_MessageNamesRepositoryPaths()
    {
        await using var services = GitServices();
        var tree = await services.GetRequiredService<IGitSource>().OpenAsync(_url, _commit);

        var error = Assert.ThrowsAsync<RenderException>(async () =>
            await RenderAsync(services, tree, "overlay", new KustomizeRendererOptions { Components = ["../base"] }))!;

        Assert.That(error.Message, Does.Not.Contain("gitops-tree-").And.Not.Contain("gitops-render-"));
    }

    [Test]
    public async Task Release_NoRoomForIdleCopies_CopyRemoved()
    {
        using var repo = LocalRepository(out var tree);
        var copies = new SharedTreeCopies(Options.Create(new ExternalToolSettings { MaxIdleSharedCopies = 0 }));

        var lease = await copies.AcquireAsync(tree, CancellationToken.None);
        var folder = lease.Folder;
        var copied = File.ReadAllText(Path.Combine(folder, "app", "a.yaml"));
        lease.Dispose();

        Assert.Multiple(async () =>
        {
            Assert.That(copied, Is.EqualTo("a"));
            Assert.That(await GoneAsync(folder), Is.True);
            Assert.That(copies.Folders, Is.Empty);
        });
    }

    [Test]
    public async Task Release_MoreIdleCopiesThanBound_LeastRecentlyUsedRemoved()
    {
        using var repo = LocalRepository(out var first);
        var second = new LocalDirectorySourceTree(repo.Path);
        var copies = new SharedTreeCopies(Options.Create(new ExternalToolSettings { MaxIdleSharedCopies = 1 }));

        var a = await copies.AcquireAsync(first, CancellationToken.None);
        var b = await copies.AcquireAsync(second, CancellationToken.None);
        a.Dispose();
        b.Dispose();

        Assert.Multiple(async () =>
        {
            Assert.That(copies.Copies, Is.EqualTo(2), "a tree without a commit shares its copy only with itself");
            Assert.That(await GoneAsync(a.Folder), Is.True);
            Assert.That(copies.Folders, Is.EqualTo(new[] { b.Folder }));
            Assert.That(System.IO.Directory.Exists(b.Folder), Is.True);
        });
        await copies.DisposeAsync();
        Assert.That(await GoneAsync(b.Folder), Is.True);
    }

    [Test]
    public async Task Dispose_CopyInUse_RemovedWhenLastLeaseEnds()
    {
        using var repo = LocalRepository(out var tree);
        var copies = new SharedTreeCopies(Options.Create(new ExternalToolSettings()));
        var first = await copies.AcquireAsync(tree, CancellationToken.None);
        var second = await copies.AcquireAsync(tree, CancellationToken.None);

        await copies.DisposeAsync();
        first.Dispose();
        var keptWhileUsed = System.IO.Directory.Exists(second.Folder);
        second.Dispose();

        Assert.Multiple(async () =>
        {
            Assert.That(second.Folder, Is.EqualTo(first.Folder));
            Assert.That(copies.Copies, Is.EqualTo(1));
            Assert.That(keptWhileUsed, Is.True);
            Assert.That(await GoneAsync(second.Folder), Is.True);
        });
        Assert.That(async () => await copies.AcquireAsync(tree, CancellationToken.None), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task AcquireAsync_LinkLeavingTree_RefusedAndNotKept()
    {
        using var outside = new TempDirectory();
        outside.Write("secret.txt", "secret");
        using var repo = new TempDirectory();
        repo.Link("app/secret.txt", Path.Combine(outside.Path, "secret.txt"));
        var tree = new LocalDirectorySourceTree(repo.Path);
        await using var copies = new SharedTreeCopies(Options.Create(new ExternalToolSettings()));

        Assert.That(async () => await copies.AcquireAsync(tree, CancellationToken.None),
            Throws.TypeOf<RenderException>().With.Message.Contains("app/secret.txt"));
        Assert.That(async () => await copies.AcquireAsync(tree, CancellationToken.None), Throws.TypeOf<RenderException>());
        Assert.Multiple(() =>
        {
            Assert.That(copies.Copies, Is.EqualTo(2), "a failed copy is tried again, not served");
            Assert.That(copies.Folders, Is.Empty);
        });
    }

    private ServiceProvider GitServices() =>
        ExternalTools.Services(b => b.ConfigureGit(o => o.CacheDirectory = Path.Combine(_dir.Path, "cache")));

    private static TempDirectory LocalRepository(out ISourceTree tree)
    {
        var repo = new TempDirectory();
        repo.Write("app/a.yaml", "a");
        tree = new LocalDirectorySourceTree(repo.Path);
        return repo;
    }

    // The renderer itself, not the render service, whose cache would answer repeated renders without a copy.
    private static async Task<RenderResult> RenderAsync(ServiceProvider services, ISourceTree tree, string path, RendererOptions options)
    {
        var name = options is HelmRendererOptions ? RendererNames.Helm : RendererNames.Kustomize;
        var renderer = services.GetServices<IManifestRenderer>().Single(r => r.Name == name);
        return await renderer.RenderAsync(new RenderRequest
        {
            Source = tree,
            Path = path,
            Options = options,
            Context = new RenderContext { ApplicationName = "demo", Namespace = "apps" },
        });
    }

    private static async Task<bool> GoneAsync(string folder)
    {
        // Removal runs in the background.
        for (var i = 0; i < 100 && System.IO.Directory.Exists(folder); i++)
        {
            await Task.Delay(50);
        }

        return !System.IO.Directory.Exists(folder);
    }
}
