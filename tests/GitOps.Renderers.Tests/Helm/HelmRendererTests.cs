using System.Text.Json.Nodes;
using GitOps.Renderers.Helm;
using GitOps.Renderers.Tests.Tools;
using GitOps.Renderers.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Helm;

public sealed class HelmRendererTests
{
    private static readonly RenderContext Context = new()
    {
        ApplicationName = "demo",
        Namespace = "apps",
        KubeVersion = "1.31.0",
        ApiVersions = ["monitoring.example.com/v1"],
    };

    private TempDirectory _repo = null!;
    private ServiceProvider _services = null!;
    private string _helm = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        _helm = ExternalTools.Require("helm");
        _repo = new TempDirectory();
        HelmCharts.WriteAll(_repo);
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

    private ISourceTree Source => new LocalDirectorySourceTree(_repo.Path);

    private Task<RenderResult> RenderAsync(string path, HelmRendererOptions? options = null, RenderContext? context = null) =>
        ExternalTools.RenderAsync(_services, Source, path, options, context ?? Context);

    private static JsonObject Data(RenderResult result, string name) =>
        (JsonObject)result.Objects.Single(o => o.Name == name).Root["data"]!;

    [Test]
    public async Task RenderAsync_ChartWithVendoredSubchart_MatchesHelmTemplate()
    {
        var result = await RenderAsync(HelmCharts.Web);

        var expected = ExternalTools.Run(_helm, _repo.Path, "template", "demo", HelmCharts.Web, "--namespace", "apps", "--include-crds",
            "--kube-version", "1.31.0", "--api-versions", "monitoring.example.com/v1");
        Assert.Multiple(() =>
        {
            Assert.That(result.RendererName, Is.EqualTo(RendererNames.Helm));
            Assert.That(ExternalTools.Canonical(result), Is.EqualTo(ExternalTools.Canonical(expected)));
            Assert.That(result.Objects.Select(o => o.Name), Does.Contain("demo-cache"));
        });
    }

    [Test]
    public async Task RenderAsync_Defaults_ReleaseFromApplicationNamespaceAndCapabilitiesFromContext()
    {
        var result = await RenderAsync(HelmCharts.Web);

        var config = result.Objects.Single(o => o.Name == "demo-config");
        Assert.Multiple(() =>
        {
            Assert.That(config.Namespace, Is.EqualTo("apps"));
            Assert.That(Data(result, "demo-config")["kube"]!.GetValue<string>(), Is.EqualTo("v1.31.0"));
            Assert.That(Data(result, "demo-config")["monitoring"]!.GetValue<string>(), Is.EqualTo("true"));
        });
    }

    [Test]
    public async Task RenderAsync_SubchartWithGlobals_SeesParentValuesAndGlobals()
    {
        var result = await RenderAsync(HelmCharts.Web);

        var data = Data(result, "demo-cache");
        Assert.Multiple(() =>
        {
            Assert.That(data["size"]!.GetValue<string>(), Is.EqualTo("10"));
            Assert.That(data["env"]!.GetValue<string>(), Is.EqualTo("prod"));
        });
    }

    [Test]
    public async Task RenderAsync_ExplicitOptions_OverrideContext()
    {
        var result = await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            ReleaseName = "rel",
            Namespace = "other",
            KubeVersion = "1.29.0",
            ApiVersions = [],
        });

        var config = result.Objects.Single(o => o.Name == "rel-config");
        Assert.Multiple(() =>
        {
            Assert.That(config.Namespace, Is.EqualTo("other"));
            Assert.That(Data(result, "rel-config")["kube"]!.GetValue<string>(), Is.EqualTo("v1.29.0"));
            Assert.That(Data(result, "rel-config")["monitoring"]!.GetValue<string>(), Is.EqualTo("false"));
        });
    }

    [Test]
    public async Task RenderAsync_Hooks_ComeOutWithTheirAnnotations()
    {
        var result = await RenderAsync(HelmCharts.Web);

        var job = result.Objects.Single(o => o.Name == "demo-migrate");
        Assert.Multiple(() =>
        {
            Assert.That(job.GetAnnotation("helm.sh/hook"), Is.EqualTo("pre-install,pre-upgrade"));
            Assert.That(job.GetAnnotation("helm.sh/hook-weight"), Is.EqualTo("-5"));
            Assert.That(result.Objects.Single(o => o.Name == "demo-ping").GetAnnotation("helm.sh/hook"), Is.EqualTo("test"));
        });
    }

    [Test]
    public async Task RenderAsync_SkipTests_LeavesTestHooksOut()
    {
        var result = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { SkipTests = true });

        Assert.That(result.Objects.Select(o => o.Name), Does.Not.Contain("demo-ping").And.Contain("demo-migrate"));
    }

    [Test]
    public async Task RenderAsync_CrdsFolder_IncludedByDefaultSkippedWhenOff()
    {
        var with = await RenderAsync(HelmCharts.Web);
        var without = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { IncludeCrds = false });

        Assert.Multiple(() =>
        {
            Assert.That(with.Objects.Count(o => o.Kind == "CustomResourceDefinition"), Is.EqualTo(1));
            Assert.That(without.Objects.Count(o => o.Kind == "CustomResourceDefinition"), Is.Zero);
        });
    }

    [Test]
    public async Task RenderAsync_SourceComments_KeptAsInfoDiagnosticsWithRepositoryPaths()
    {
        var result = await RenderAsync(HelmCharts.Web);

        var infos = result.Diagnostics.Where(d => d.Severity == RenderDiagnosticSeverity.Info).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(infos, Has.Count.EqualTo(result.Objects.Count));
            Assert.That(infos.Select(d => d.Location!.File), Does.Contain("charts/web/templates/config.yaml")
                .And.Contain("charts/web/charts/cache/templates/cm.yaml")
                .And.Contain("charts/web/crds/widget.yaml"));
            Assert.That(infos.Select(d => d.Location!.DocumentIndex), Is.Ordered.Ascending);
            Assert.That(result.Objects.Single(o => o.Name == "demo-config").Source!.File, Is.EqualTo("charts/web/templates/config.yaml"));
        });
    }

    [Test]
    public async Task RenderAsync_ValueFilesInlineValuesAndParameters_LaterWins()
    {
        var files = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ValueFiles = ["values/*.yaml"] });
        var inline = await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            ValueFiles = ["values/*.yaml"],
            Values = new JsonObject { ["greeting"] = "inline" },
        });
        var parameter = await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            ValueFiles = ["values/*.yaml"],
            Values = new JsonObject { ["greeting"] = "inline" },
            Parameters = [new HelmParameter("greeting", "param")],
        });

        Assert.Multiple(() =>
        {
            Assert.That(Data(files, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("from-b"));
            Assert.That(Data(files, "demo-config")["extra"]!.GetValue<string>(), Is.EqualTo("b"));
            Assert.That(Data(inline, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("inline"));
            Assert.That(Data(parameter, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("param"));
        });
    }

    [Test]
    public async Task RenderAsync_ValueFileGlobs_ExpandAsArgoCd()
    {
        var oneFolder = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ValueFiles = ["values/*.yaml"] });
        var allFolders = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ValueFiles = ["values/**/*.yaml"] });
        var explicitLast = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ValueFiles = ["values/**/*.yaml", "values/a.yaml"] });
        var repeated = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ValueFiles = ["values/a.yaml", "values/[ab].yaml", "values/a.yaml"] });

        Assert.Multiple(() =>
        {
            Assert.That(Data(oneFolder, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("from-b"), "* stays within values/");
            Assert.That(Data(allFolders, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("from-env-c"), "** reaches values/env/c.yaml, last in ordinal order");
            Assert.That(Data(explicitLast, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("from-a"), "an explicit file keeps its explicit position");
            Assert.That(Data(repeated, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("from-b"), "a file is passed once, at its first place");
        });
    }

    [Test]
    public async Task RenderAsync_SetStringAndSetFile_FollowHelmSemantics()
    {
        var result = await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            Parameters =
            [
                new HelmParameter("replicas", "3"),
                new HelmParameter("image", "7", HelmParameterKind.ForceString),
                new HelmParameter("motd", "files/motd.txt", HelmParameterKind.File),
            ],
        });

        var typed = await RenderAsync(HelmCharts.Web, new HelmRendererOptions { Parameters = [new HelmParameter("image", "7")] });

        var deployment = result.Objects.Single(o => o.Kind == "Deployment").Root;
        Assert.Multiple(() =>
        {
            Assert.That(deployment["spec"]!["replicas"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(Data(result, "demo-config")["imageKind"]!.GetValue<string>(), Is.EqualTo("string"));
            Assert.That(Data(typed, "demo-config")["imageKind"]!.GetValue<string>(), Is.EqualTo("int64"));
            Assert.That(Data(result, "demo-config")["motd"]!.GetValue<string>(), Is.EqualTo("welcome"));
        });
    }

    [Test]
    public async Task RenderAsync_ValueStartingWithDash_IsAValueNotAFlag()
    {
        var result = await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            Parameters = [new HelmParameter("greeting", "--debug", HelmParameterKind.ForceString), new HelmParameter("extra", "a,b")],
        });

        Assert.Multiple(() =>
        {
            Assert.That(Data(result, "demo-config")["greeting"]!.GetValue<string>(), Is.EqualTo("--debug"));
            Assert.That(Data(result, "demo-config")["extra"]!.GetValue<string>(), Is.EqualTo("a,b"));
        });
    }

    [Test]
    public void RenderAsync_ReleaseNameStartingWithDash_RejectedByHelmNotReadAsFlag()
    {
        Assert.That(async () => await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ReleaseName = "--dry-run" }),
            Throws.TypeOf<RenderException>().With.Message.Contains("helm template").And.Message.Contains("--dry-run"));
    }

    [Test]
    public void RenderAsync_MissingValueFile_ThrowsNamingIt()
    {
        Assert.That(async () => await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ValueFiles = ["values/missing.yaml"] }),
            Throws.TypeOf<RenderException>().With.Message.Contains("charts/web/values/missing.yaml")
                .And.Property(nameof(RenderException.Location)).Property("File").EqualTo("charts/web/values/missing.yaml"));
    }

    [Test]
    public async Task RenderAsync_MissingValueFileIgnored_WarnsAndRenders()
    {
        var result = await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            ValueFiles = ["values/missing.yaml", "values/none-*.yaml"],
            IgnoreMissingValueFiles = true,
        });

        Assert.That(result.Diagnostics.Where(d => d.Severity == RenderDiagnosticSeverity.Warning).Select(d => d.Message),
            Has.Exactly(2).Contains("does not exist"));
    }

    [TestCase("../../../etc/passwd")]
    [TestCase("/etc/passwd")]
    [TestCase("https://example.invalid/values.yaml")]
    public void RenderAsync_ValueFileOutsideRepository_Refused(string valueFile)
    {
        Assert.That(async () => await RenderAsync(HelmCharts.Web, new HelmRendererOptions { ValueFiles = [valueFile] }),
            Throws.TypeOf<RenderException>().With.Message.Contains(valueFile));
    }

    [Test]
    public void RenderAsync_SetFileOutsideRepository_Refused()
    {
        Assert.That(async () => await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            Parameters = [new HelmParameter("motd", "../../../etc/hostname", HelmParameterKind.File)],
        }), Throws.TypeOf<RenderException>().With.Message.Contains("leaves the repository root"));
    }

    [Test]
    public void RenderAsync_ValueFileThroughEscapingLink_Refused()
    {
        using var outside = new TempDirectory();
        outside.Write("secret.yaml", "greeting: stolen\n");
        using var repo = new TempDirectory();
        HelmCharts.WriteCacheChart(repo, "chart");
        repo.Link("chart/values-link.yaml", Path.Combine(outside.Path, "secret.yaml"));

        Assert.That(async () => await ExternalTools.RenderAsync(_services, new LocalDirectorySourceTree(repo.Path), "chart",
                new HelmRendererOptions { ValueFiles = ["values-link.yaml"] }, Context),
            Throws.TypeOf<RenderException>().With.Message.Contains("values-link.yaml").And.Message.Not.Contains("stolen"));
    }

    [Test]
    public void RenderAsync_TemplateError_PointsAtTemplateFileAndLine()
    {
        var error = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync("charts/broken"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("value is required"));
            Assert.That(error.Location!.File, Is.EqualTo("charts/broken/templates/cm.yaml"));
            Assert.That(error.Location.Line, Is.EqualTo(6));
        });
    }

    [Test]
    public void RenderAsync_SchemaViolation_PointsAtSchemaFile()
    {
        var error = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            Parameters = [new HelmParameter("replicas", "many", HelmParameterKind.ForceString)],
        }))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("schema").And.Contain("replicas"));
            Assert.That(error.Location!.File, Is.EqualTo("charts/web/values.schema.json"));
        });
    }

    [Test]
    public async Task RenderAsync_SkipSchemaValidation_RendersDespiteViolation()
    {
        var result = await RenderAsync(HelmCharts.Web, new HelmRendererOptions
        {
            SkipSchemaValidation = true,
            Parameters = [new HelmParameter("replicas", "-1")],
        });

        Assert.That(Data(result, "demo-config")["replicas"]!.GetValue<string>(), Is.EqualTo("-1"));
    }

    [Test]
    public void RenderAsync_RemoteDependencyNotVendored_ClearErrorWithoutNetwork()
    {
        var error = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync("charts/needs-remote"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("'redis' from https://charts.example.invalid/stable").And.Contain("AllowDependencyDownload"));
            Assert.That(error.Location!.File, Is.EqualTo("charts/needs-remote/Chart.yaml"));
        });
    }

    [Test]
    public async Task RenderAsync_FileDependencyInsideRepository_BuiltOffline()
    {
        var result = await RenderAsync("charts/local-dep");

        Assert.That(Data(result, "demo-cache")["env"]!.GetValue<string>(), Is.EqualTo("dev"));
    }

    [Test]
    public void RenderAsync_FileDependencyOutsideRepository_Refused()
    {
        Assert.That(async () => await RenderAsync("charts/escaping-dep"),
            Throws.TypeOf<RenderException>().With.Message.Contains("leaves the repository root"));
    }

    [Test]
    public void RenderAsync_FolderWithoutChart_ThrowsNamingChartYaml()
    {
        Assert.That(async () => await RenderAsync("charts/web/values", new HelmRendererOptions()),
            Throws.TypeOf<RenderException>().With.Message.Contains("no Chart.yaml"));
    }

    [Test]
    public async Task RenderAsync_SourceUntouched_AfterRender()
    {
        await RenderAsync("charts/local-dep");

        Assert.That(System.IO.Directory.Exists(Path.Combine(_repo.Path, "charts/local-dep/charts")), Is.False);
    }

    [Test]
    public async Task RenderAsync_WarmRenderOfSameCommit_RunsNoTool()
    {
        var files = System.IO.Directory.EnumerateFiles(Path.Combine(_repo.Path, "charts/web"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_repo.Path, f).Replace('\\', '/'), File.ReadAllText);
        var tree = new InMemorySourceTree(files, revision: new string('a', 40), origin: "memory-helm");
        var runner = _services.GetRequiredService<ToolRunner>();
        var options = new HelmRendererOptions { Values = new JsonObject { ["greeting"] = "cached" } };

        var cold = await ExternalTools.RenderAsync(_services, tree, HelmCharts.Web, options, Context);
        var before = runner.Invocations;
        var warm = await ExternalTools.RenderAsync(_services, tree, HelmCharts.Web, options, Context);
        var changed = await ExternalTools.RenderAsync(_services, tree, HelmCharts.Web,
            new HelmRendererOptions { Values = new JsonObject { ["greeting"] = "other" } }, Context);

        Assert.Multiple(() =>
        {
            Assert.That(cold.FromCache, Is.False);
            Assert.That(warm.FromCache, Is.True);
            Assert.That(ExternalTools.Canonical(warm), Is.EqualTo(ExternalTools.Canonical(cold)));
            Assert.That(changed.FromCache, Is.False);
            Assert.That(runner.Invocations, Is.EqualTo(before + 1), "only the render with changed values runs helm");
        });
    }
}
