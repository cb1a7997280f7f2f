using GitOps.Renderers.Directory;
using GitOps.Renderers.Jsonnet;
using GitOps.Renderers.Tests.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Jsonnet;

public sealed class JsonnetRendererTests
{
    private TempDirectory _repo = null!;
    private ServiceProvider _services = null!;
    private string _jsonnet = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        _jsonnet = ExternalTools.Require("jsonnet");
        _repo = new TempDirectory();
        _repo.Write("lib/k.libsonnet", """
            {
              configMap(name, data):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name }, data: data },
            }
            """);
        _repo.Write("app/helpers.libsonnet", "{ suffix: '-app' }\n");
        _repo.Write("app/object.jsonnet", """
            local k = import 'k.libsonnet';
            local h = import 'helpers.libsonnet';
            k.configMap('single' + h.suffix, { env: std.extVar('env'), replicas: std.toString(std.extVar('replicas') + 1) })
            """);
        _repo.Write("app/array.jsonnet", """
            function(prefix, count=1) [
              { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: prefix + '-' + i } }
              for i in std.range(1, count)
            ]
            """);
        _repo.Write("app/list.jsonnet", """
            { apiVersion: 'v1', kind: 'List', items: [
              { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'listed' } },
            ] }
            """);
        _repo.Write("broken/bad.jsonnet", "local x = import 'bad.libsonnet';\nx\n");
        _repo.Write("broken/bad.libsonnet", "{\n  a: 1,\n  b: error 'boom at b',\n}\n");
        _repo.Write("plain/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");
        _repo.Write("plain/gen.jsonnet", "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generated-' + std.extVar('who') } }\n");
        _services = ExternalTools.Services();
    }

    [OneTimeTearDown]
    public async Task RemoveRepository()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _repo?.Dispose();
    }

    private static JsonnetRendererOptions Options(params JsonnetVariable[] tlas) => new()
    {
        Jsonnet = new JsonnetOptions
        {
            LibraryPaths = ["lib"],
            ExtVars = [new JsonnetVariable("env", "prod"), new JsonnetVariable("replicas", "2", Code: true)],
            TopLevelArguments = tlas.Length > 0 ? tlas : [new JsonnetVariable("prefix", "item"), new JsonnetVariable("count", "2", Code: true)],
        },
    };

    private Task<RenderResult> RenderAsync(string path, RendererOptions? options) =>
        ExternalTools.RenderAsync(_services, new LocalDirectorySourceTree(_repo.Path), path, options);

    [Test]
    public async Task RenderAsync_ObjectArrayAndList_AllFilesInOrdinalOrder()
    {
        var result = await RenderAsync("app", Options());

        Assert.Multiple(() =>
        {
            Assert.That(result.RendererName, Is.EqualTo(RendererNames.Jsonnet));
            Assert.That(result.Objects.Select(o => o.Name), Is.EqualTo(new[] { "item-1", "item-2", "listed", "single-app" }));
            Assert.That(result.Diagnostics.Select(d => d.Location!.File).Distinct(), Is.EqualTo(new[] { "app/array.jsonnet", "app/list.jsonnet", "app/object.jsonnet" }));
        });
    }

    [Test]
    public async Task RenderAsync_ExtVarsStringAndCode_MatchJsonnetDirectly()
    {
        var result = await RenderAsync("app", Options());

        var expected = ExternalTools.Run(_jsonnet, _repo.Path, "-J", "lib", "-J", "app", "--ext-str", "env=prod", "--ext-code", "replicas=2",
            "app/object.jsonnet");
        Assert.Multiple(() =>
        {
            Assert.That(result.Objects.Single(o => o.Name == "single-app").Root.ToJsonString(), Is.EqualTo(ExternalTools.Canonical(expected).Single()));
            Assert.That(result.Objects.Single(o => o.Name == "single-app").Root["data"]!["replicas"]!.GetValue<string>(), Is.EqualTo("3"));
        });
    }

    [Test]
    public async Task RenderAsync_ValuesStartingWithDash_StayValues()
    {
        var options = Options(new JsonnetVariable("prefix", "--version"), new JsonnetVariable("count", "1", Code: true));

        var result = await RenderAsync("app", options);

        Assert.That(result.Objects.Select(o => o.Name), Does.Contain("--version-1"));
    }

    [Test]
    public void RenderAsync_MissingExtVar_FailsNamingFileAndLine()
    {
        var options = new JsonnetRendererOptions
        {
            Jsonnet = new JsonnetOptions { LibraryPaths = ["lib"], TopLevelArguments = [new JsonnetVariable("prefix", "p")] },
        };

        var error = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync("app", options))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("undefined external variable: env"));
            Assert.That(error.Location!.File, Is.EqualTo("app/object.jsonnet"));
            Assert.That(error.Location.Line, Is.EqualTo(3));
            Assert.That(error.Message, Does.Not.Contain(Path.GetTempPath()));
        });
    }

    [Test]
    public void RenderAsync_MissingTopLevelArgument_FailsNamingFile()
    {
        var error = Assert.ThrowsAsync<RenderException>(async () =>
            await RenderAsync("app", new JsonnetRendererOptions { Jsonnet = new JsonnetOptions { LibraryPaths = ["lib"] } }))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("prefix not bound"));
            Assert.That(error.Location!.File, Is.EqualTo("app/array.jsonnet"));
        });
    }

    [Test]
    public void RenderAsync_ErrorInImportedLibrary_PointsAtLibraryLine()
    {
        var error = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync("broken", new JsonnetRendererOptions()))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("boom at b"));
            Assert.That(error.Location!.File, Is.EqualTo("broken/bad.libsonnet"));
            Assert.That(error.Location.Line, Is.EqualTo(3));
        });
    }

    [TestCase("../outside")]
    [TestCase("/usr/share")]
    public void RenderAsync_LibraryPathOutsideRepository_Refused(string library)
    {
        Assert.That(async () => await RenderAsync("app", new JsonnetRendererOptions { Jsonnet = new JsonnetOptions { LibraryPaths = [library] } }),
            Throws.TypeOf<RenderException>().With.Message.Contains(library));
    }

    [Test]
    public void RenderAsync_VariableNameThatLooksLikeAFlag_Refused()
    {
        var options = new JsonnetRendererOptions { Jsonnet = new JsonnetOptions { ExtVars = [new JsonnetVariable("-J", "/")] } };

        Assert.That(async () => await RenderAsync("app", options), Throws.TypeOf<RenderException>().With.Message.Contains("'-J'"));
    }

    [Test]
    public async Task DirectoryRenderer_JsonnetFile_EvaluatedThroughTheProgram()
    {
        var result = await RenderAsync("plain", new DirectoryRendererOptions
        {
            Jsonnet = new JsonnetOptions { ExtVars = [new JsonnetVariable("who", "dir")] },
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.RendererName, Is.EqualTo(RendererNames.Directory));
            Assert.That(result.Objects.Select(o => o.Name), Is.EqualTo(new[] { "plain", "generated-dir" }));
        });
    }
}
