using System.Globalization;
using GitOps.Manifests;
using GitOps.Rendering;
using GitOps.Renderers.Directory;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace GitOps.Renderers.Tests.Directory;

/// <summary>Reuse of parsed files across revisions whose trees give content ids.</summary>
public sealed class DirectoryRendererParsedCacheTests
{
    private const string Origin = "https://example.invalid/apps.git";
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempDirectory();

    [TearDown]
    public void RemoveFolder() => _dir.Dispose();

    private static string Cm(string name, string value) => string.Create(CultureInfo.InvariantCulture,
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  value: \"{value}\"\n");

    private static DirectoryRenderer NewRenderer(long parsedCacheBytes = 1024 * 1024, long maxTotalBytes = 10 * 1024 * 1024) =>
        new(ManifestReader.Default, Options.Create(new DirectoryRendererSettings { ParsedCacheBytes = parsedCacheBytes, MaxTotalBytes = maxTotalBytes }));

    private ContentAddressedSourceTree Revision(string name) => new(Path.Combine(_dir.Path, name), Origin, name);

    private static async Task<RenderResult> RenderAsync(DirectoryRenderer renderer, ContentAddressedSourceTree tree) =>
        await renderer.RenderAsync(new RenderRequest { Source = tree, Path = "app" });

    private static string[] Values(RenderResult result) =>
        result.Objects.Select(o => $"{o.Name}={o.Root["data"]!["value"]!.GetValue<string>()}").ToArray();

    [Test]
    public async Task RenderAsync_UnchangedFileInNextRevision_IsNotReadAgain()
    {
        _dir.Write("r1/app/a.yaml", Cm("a", "1"));
        _dir.Write("r1/app/b.yaml", Cm("b", "1"));
        _dir.Write("r2/app/a.yaml", Cm("a", "1"));
        _dir.Write("r2/app/b.yaml", Cm("b", "2"));
        var renderer = NewRenderer();
        await RenderAsync(renderer, Revision("r1"));
        var second = Revision("r2");

        var result = await RenderAsync(renderer, second);

        Assert.Multiple(() =>
        {
            Assert.That(Values(result), Is.EqualTo(new[] { "a=1", "b=2" }));
            Assert.That(second.Reads, Is.EqualTo(1), "only b.yaml changed");
            Assert.That(result.Objects[0].Source!.File, Is.EqualTo("app/a.yaml"));
        });
    }

    [Test]
    public async Task RenderAsync_SamePathDifferentContentAcrossRevisions_EachRevisionGetsItsOwnObjects()
    {
        _dir.Write("r1/app/a.yaml", Cm("a", "one"));
        _dir.Write("r2/app/a.yaml", Cm("a", "two"));
        var renderer = NewRenderer();

        var results = new List<string[]>();
        foreach (var name in new[] { "r1", "r2", "r1", "r2" })
        {
            results.Add(Values(await RenderAsync(renderer, Revision(name))));
        }

        Assert.That(results, Is.EqualTo(new[] { new[] { "a=one" }, ["a=two"], ["a=one"], ["a=two"] }));
    }

    [Test]
    public async Task RenderAsync_CallerChangesRenderedObjects_NextRenderIsUnchanged()
    {
        _dir.Write("r1/app/a.yaml", Cm("a", "1"));
        var renderer = NewRenderer();
        var first = await RenderAsync(renderer, Revision("r1"));
        first.Objects[0].SetLabel("changed", "by-caller");
        var second = await RenderAsync(renderer, Revision("r1"));
        second.Objects[0].SetLabel("changed", "again");

        var third = await RenderAsync(renderer, Revision("r1"));

        Assert.That(third.Objects[0].Labels, Is.Empty);
    }

    [Test]
    public async Task RenderAsync_CachedFiles_StillCountTowardsTheByteLimit()
    {
        _dir.Write("r1/app/a.yaml", Cm("a", new string('x', 100)));
        _dir.Write("r2/app/a.yaml", Cm("a", new string('x', 100)));
        _dir.Write("r2/app/b.yaml", Cm("b", new string('y', 100)));
        var size = new FileInfo(Path.Combine(_dir.Path, "r1/app/a.yaml")).Length;
        var renderer = NewRenderer(maxTotalBytes: size + 10);
        await RenderAsync(renderer, Revision("r1"));

        // a.yaml now comes from the cache; its bytes must still count, so b.yaml goes over the limit.
        var error = Assert.ThrowsAsync<RenderException>(() => RenderAsync(renderer, Revision("r2")));

        Assert.That(error!.Message, Does.Contain("app/b.yaml"));
    }

    [Test]
    public async Task RenderAsync_SkipMarkerAndWarningsInCachedRevision_BehaveAsUncached()
    {
        _dir.Write("r1/app/a.yaml", Cm("a", "1"));
        _dir.Write("r1/app/skip.yaml", "# +argocd:skip-file-rendering\n" + Cm("skipped", "1"));
        _dir.Write("r1/app/values.yaml", "replicas: 2\n");
        var renderer = NewRenderer();
        var first = await RenderAsync(renderer, Revision("r1"));

        var second = await RenderAsync(renderer, Revision("r1"));

        Assert.Multiple(() =>
        {
            Assert.That(second.Objects.Select(o => o.Name), Is.EqualTo(new[] { "a" }));
            Assert.That(second.Diagnostics.Select(d => d.Message).ToList(), Is.EqualTo(first.Diagnostics.Select(d => d.Message).ToList()).And.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task RenderAsync_FileBeingParsedByAnotherRender_WaitsInsteadOfReadingIt()
    {
        _dir.Write("r1/app/a.yaml", Cm("a", "1"));
        var renderer = NewRenderer();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new ContentAddressedSourceTree(Path.Combine(_dir.Path, "r1"), Origin, "r1")
        {
            BeforeRead = async () =>
            {
                reading.SetResult();
                await release.Task;
            },
        };
        var second = Revision("r1");

        var firstRender = RenderAsync(renderer, first);
        await reading.Task;
        var secondRender = RenderAsync(renderer, second);
        await Task.Delay(50);
        var secondWaited = !secondRender.IsCompleted;
        release.SetResult();
        var results = await Task.WhenAll(firstRender, secondRender);

        Assert.Multiple(() =>
        {
            Assert.That(secondWaited, Is.True);
            Assert.That(results.Select(Values), Has.All.EqualTo(new[] { "a=1" }));
            Assert.That(second.Reads, Is.Zero);
            Assert.That(results[1].Objects[0], Is.Not.SameAs(results[0].Objects[0]));
        });
    }

    [Test]
    public async Task RenderAsync_CacheOff_ReadsEveryFileEachTime()
    {
        _dir.Write("r1/app/a.yaml", Cm("a", "1"));
        var renderer = NewRenderer(parsedCacheBytes: 0);
        await RenderAsync(renderer, Revision("r1"));
        var again = Revision("r1");

        var result = await RenderAsync(renderer, again);

        Assert.Multiple(() =>
        {
            Assert.That(result.Objects, Has.Count.EqualTo(1));
            Assert.That(again.Reads, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RenderAsync_EightRevisionsConcurrently_MatchRendersOneAfterAnother()
    {
        const int revisions = 8;
        for (var revision = 0; revision < revisions; revision++)
        {
            for (var file = 0; file < 40; file++)
            {
                // Each revision changes one file in eight, as commits do.
                var value = file % revisions == revision ? revision.ToString(CultureInfo.InvariantCulture) : "base";
                _dir.Write(string.Create(CultureInfo.InvariantCulture, $"r{revision}/app/f{file:D2}.yaml"), Cm(string.Create(CultureInfo.InvariantCulture, $"f{file}"), value));
            }
        }

        var expected = new List<string[]>();
        var uncached = NewRenderer(parsedCacheBytes: 0);
        for (var revision = 0; revision < revisions; revision++)
        {
            expected.Add(Values(await RenderAsync(uncached, Revision(string.Create(CultureInfo.InvariantCulture, $"r{revision}")))));
        }

        // A budget below the files' total, so entries are evicted while others are read.
        var renderer = NewRenderer(parsedCacheBytes: 4096);
        Task<string[]> RenderOneAsync(int revision) =>
            Task.Run(async () => Values(await RenderAsync(renderer, Revision(string.Create(CultureInfo.InvariantCulture, $"r{revision}")))));
        var rounds = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.WhenAll(Enumerable.Range(0, revisions).Select(RenderOneAsync))));

        Assert.That(rounds, Has.All.EqualTo(expected.ToArray()));
    }
}
