using System.Text.Json.Nodes;
using GitOps.Rendering;
using GitOps.Renderers.Directory;
using GitOps.Sources;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Directory;

public sealed class DirectoryRendererTests
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {0}
        """;

    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempDirectory();

    [TearDown]
    public void RemoveFolder() => _dir.Dispose();

    private static string Cm(string name) => string.Format(System.Globalization.CultureInfo.InvariantCulture, ConfigMap, name);

    private async Task<RenderResult> RenderAsync(DirectoryRendererOptions? options = null, string path = "app", Action<DirectoryRendererSettings>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddGitOps(b => b.AddDirectoryRenderer(settings));
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<IManifestRenderService>().RenderAsync(new RenderRequest
        {
            Source = new LocalDirectorySourceTree(_dir.Path),
            Path = path,
            Options = options,
        });
    }

    private static string[] Names(RenderResult result) => result.Objects.Select(o => o.Name).ToArray();

    [Test]
    public async Task RenderAsync_FlatFolder_ReadsManifestFilesInOrdinalOrder()
    {
        _dir.Write("app/b.yaml", Cm("b"));
        _dir.Write("app/a.yml", Cm("a") + "\n---\n" + Cm("a2"));
        _dir.Write("app/C.json", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""");
        _dir.Write("app/notes.txt", Cm("ignored"));
        _dir.Write("app/sub/d.yaml", Cm("d"));

        var result = await RenderAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.RendererName, Is.EqualTo(RendererNames.Directory));
            Assert.That(Names(result), Is.EqualTo(new[] { "c", "a", "a2", "b" }));
            Assert.That(result.Objects[1].Source!.File, Is.EqualTo("app/a.yml"));
        });
    }

    [Test]
    public async Task RenderAsync_Recurse_ReadsSubFoldersButNotHiddenOnes()
    {
        _dir.Write("app/a.yaml", Cm("a"));
        _dir.Write("app/sub/b.yaml", Cm("b"));
        _dir.Write("app/sub/deeper/c.yaml", Cm("c"));
        _dir.Write("app/.hidden/h.yaml", Cm("h"));

        var result = await RenderAsync(new DirectoryRendererOptions { Recurse = true });

        Assert.That(Names(result), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task RenderAsync_IncludeWithBraces_OnlyMatchingFiles()
    {
        _dir.Write("app/a.yaml", Cm("a"));
        _dir.Write("app/b.yaml", Cm("b"));
        _dir.Write("app/sub/c.yaml", Cm("c"));
        _dir.Write("app/sub/d.json", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"}}""");

        var result = await RenderAsync(new DirectoryRendererOptions { Recurse = true, Include = "{a.yaml,sub/*.yaml}" });

        Assert.That(Names(result), Is.EqualTo(new[] { "a", "c" }));
    }

    [Test]
    public async Task RenderAsync_Exclude_SkipsMatchingFilesAtAnyDepth()
    {
        _dir.Write("app/a.yaml", Cm("a"));
        _dir.Write("app/secret.yaml", Cm("s"));
        _dir.Write("app/sub/secret.yaml", Cm("s2"));

        var result = await RenderAsync(new DirectoryRendererOptions { Recurse = true, Exclude = "*secret.yaml" });

        Assert.That(Names(result), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task RenderAsync_SkipMarker_FileIgnored()
    {
        _dir.Write("app/a.yaml", Cm("a"));
        _dir.Write("app/b.yaml", "# +argocd:skip-file-rendering\n" + Cm("b"));

        Assert.That(Names(await RenderAsync()), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task RenderAsync_YamlThatIsNotAManifest_SkippedWithWarning()
    {
        _dir.Write("app/a.yaml", Cm("a"));
        _dir.Write("app/values.yaml", "replicas: 3\nimage: nginx\n");

        var result = await RenderAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Names(result), Is.EqualTo(new[] { "a" }));
            Assert.That(result.Diagnostics.Single(d => d.Severity == RenderDiagnosticSeverity.Warning).Message, Does.Contain("values.yaml"));
        });
    }

    [Test]
    public void RenderAsync_BrokenManifest_ThrowsNamingFileAndLine()
    {
        _dir.Write("app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [unclosed\n");

        Assert.That(async () => await RenderAsync(),
            Throws.TypeOf<RenderException>().With.Message.Contains("app/a.yaml:").And.Property(nameof(RenderException.Location)).Not.Null);
    }

    [Test]
    public void RenderAsync_OverSizeCap_ThrowsNamingLimit()
    {
        _dir.Write("app/a.yaml", Cm("a"));
        _dir.Write("app/b.yaml", Cm("b"));

        Assert.That(async () => await RenderAsync(settings: s => s.MaxTotalBytes = 60),
            Throws.TypeOf<RenderException>().With.Message.Contains("60 bytes").And.Message.Contains("app/b.yaml"));
    }

    [Test]
    public async Task RenderAsync_SizeCapExactlyReached_Succeeds()
    {
        var content = Cm("a");
        _dir.Write("app/a.yaml", content);

        var result = await RenderAsync(settings: s => s.MaxTotalBytes = System.Text.Encoding.UTF8.GetByteCount(content));

        Assert.That(Names(result), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void RenderAsync_LinkLeavingRepository_Throws()
    {
        using var outside = new TempDirectory();
        var target = outside.Write("x.yaml", Cm("x"));
        _dir.Link("app/x.yaml", target);

        Assert.That(async () => await RenderAsync(), Throws.TypeOf<RenderException>().With.Message.Contains("app/x.yaml"));
    }

    [Test]
    public async Task RenderAsync_DanglingLink_SkippedWithWarning()
    {
        _dir.Write("app/a.yaml", Cm("a"));
        _dir.Link("app/gone.yaml", "missing.yaml");

        var result = await RenderAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Names(result), Is.EqualTo(new[] { "a" }));
            Assert.That(result.Diagnostics.Any(d => d.Message.Contains("gone.yaml", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public void RenderAsync_JsonnetWithoutEvaluator_ThrowsNamingFile()
    {
        _dir.Write("app/main.jsonnet", "{}");

        Assert.That(async () => await RenderAsync(), Throws.TypeOf<RenderException>().With.Message.Contains("app/main.jsonnet"));
    }

    [Test]
    public async Task RenderAsync_JsonnetEvaluatorRegistered_ArrayResultFlattened()
    {
        _dir.Write("app/main.jsonnet", "ignored by the fake evaluator");
        var services = new ServiceCollection();
        services.AddSingleton<IJsonnetEvaluator>(new FakeJsonnet());
        services.AddGitOps();
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IManifestRenderService>().RenderAsync(new RenderRequest
        {
            Source = new LocalDirectorySourceTree(_dir.Path),
            Path = "app",
        });

        Assert.That(Names(result), Is.EqualTo(new[] { "j1", "j2" }));
    }

    [Test]
    public void RenderAsync_BadIncludeGlob_ThrowsNamingField()
    {
        _dir.Write("app/a.yaml", Cm("a"));

        Assert.That(async () => await RenderAsync(new DirectoryRendererOptions { Include = "{a.yaml" }),
            Throws.TypeOf<RenderException>().With.Message.Contains("include"));
    }

    private sealed class FakeJsonnet : IJsonnetEvaluator
    {
        public ValueTask<JsonNode?> EvaluateAsync(
            ISourceTree source, string file, string applicationPath, JsonnetOptions options, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<JsonNode?>(JsonNode.Parse("""
                [{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j1"}},
                 {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j2"}}]
                """));
    }
}
