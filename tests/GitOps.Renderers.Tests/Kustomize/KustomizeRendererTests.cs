using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOps.Renderers.Kustomize;
using GitOps.Renderers.Tests.Tools;
using GitOps.Rendering;
using GitOps.Sources;
using GitOps.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Kustomize;

public sealed partial class KustomizeRendererTests
{
    private TempDirectory _repo = null!;
    private ServiceProvider _services = null!;
    private string _kubectl = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        _kubectl = ExternalTools.Require("kubectl");
        _repo = new TempDirectory();
        _repo.Write("base/kustomization.yaml", """
            resources:
              - deployment.yaml
            configMapGenerator:
              - name: app-config
                literals:
                  - MODE=base
            images:
              - name: nginx
                newTag: "1.1"
            """);
        _repo.Write("base/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.0
                      envFrom:
                        - configMapRef: {name: app-config}
            """);
        _repo.Write("overlays/prod/kustomization.yaml", """
            resources:
              - ../../base
            namePrefix: prod-
            components:
              - ../../components/monitoring
            patches:
              - path: replicas.yaml
              - target: {kind: Deployment, name: web}
                patch: |-
                  - op: add
                    path: /metadata/annotations
                    value: {patched-by: json6902}
            """);
        _repo.Write("overlays/prod/replicas.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
            """);
        _repo.Write("components/monitoring/kustomization.yaml", """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            resources:
              - monitor.yaml
            """);
        _repo.Write("components/monitoring/monitor.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: monitor\n");
        _repo.Write("loose/kustomization.yaml", "resources:\n  - ../shared/cm.yaml\n");
        _repo.Write("shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n");
        _repo.Write("broken/kustomization.yaml", "resources:\n  - cm.yaml\n");
        _repo.Write("broken/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [\n");
        _repo.Write("inflate/kustomization.yaml", """
            helmGlobals:
              chartHome: charts
            helmCharts:
              - name: tiny
                releaseName: inflated
                namespace: helmns
                valuesInline:
                  message: from-kustomize
            """);
        _repo.Write("inflate/charts/tiny/Chart.yaml", "apiVersion: v2\nname: tiny\nversion: 0.1.0\n");
        _repo.Write("inflate/charts/tiny/templates/cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-tiny
            data:
              message: {{ .Values.message | quote }}
              kube: {{ .Capabilities.KubeVersion.Version | quote }}
            """);
        _repo.Write("capital/Kustomization", "resources:\n  - ../shared/cm.yaml\n");
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

    private Task<RenderResult> RenderAsync(string path, KustomizeRendererOptions? options = null) =>
        ExternalTools.RenderAsync(_services, new LocalDirectorySourceTree(_repo.Path), path, options);

    [Test]
    public async Task RenderAsync_OverlayWithPatchesAndComponent_MatchesKubectlKustomize()
    {
        var result = await RenderAsync("overlays/prod");

        var expected = ExternalTools.Run(_kubectl, _repo.Path, "kustomize", "overlays/prod");
        Assert.Multiple(() =>
        {
            Assert.That(result.RendererName, Is.EqualTo(RendererNames.Kustomize));
            Assert.That(ExternalTools.Canonical(result), Is.EqualTo(ExternalTools.Canonical(expected)));
        });
    }

    [Test]
    public async Task RenderAsync_Overlay_AppliesStrategicMergeAndJsonPatchesAndComponent()
    {
        var result = await RenderAsync("overlays/prod");

        var deployment = result.Objects.Single(o => o.Kind == "Deployment");
        Assert.Multiple(() =>
        {
            Assert.That(deployment.Name, Is.EqualTo("prod-web"));
            Assert.That(deployment.Root["spec"]!["replicas"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(deployment.GetAnnotation("patched-by"), Is.EqualTo("json6902"));
            Assert.That(result.Objects.Select(o => o.Name), Does.Contain("prod-monitor"));
        });
    }

    [Test]
    public async Task RenderAsync_ConfigMapGenerator_NameHasHashSuffixAndReferencesFollow()
    {
        var result = await RenderAsync("base");

        var generated = result.Objects.Single(o => o.Kind == "ConfigMap").Name;
        var reference = result.Objects.Single(o => o.Kind == "Deployment")
            .Root["spec"]!["template"]!["spec"]!["containers"]![0]!["envFrom"]![0]!["configMapRef"]!["name"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(generated, Does.Match(HashedName()));
            Assert.That(reference, Is.EqualTo(generated));
        });
    }

    [Test]
    public async Task RenderAsync_ArgoStyleOverrides_AppliedToCopyOnly()
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(_repo.Path, "base/kustomization.yaml"));

        var result = await RenderAsync("base", new KustomizeRendererOptions
        {
            NamePrefix = "pre-",
            NameSuffix = "-suf",
            Namespace = "team",
            Images = ["nginx=registry.local/nginx:2.0"],
            Replicas = [new KustomizeReplica("web", 4)],
            CommonLabels = new SortedDictionary<string, string> { ["team"] = "blue" },
            CommonAnnotations = new SortedDictionary<string, string> { ["owner"] = "ops" },
            Components = ["../components/monitoring"],
            Patches =
            [
                new KustomizePatch
                {
                    Target = new KustomizePatchTarget { Kind = "Deployment" },
                    Patch = "- op: add\n  path: /spec/paused\n  value: true\n",
                },
            ],
        });

        var deployment = result.Objects.Single(o => o.Kind == "Deployment");
        var spec = deployment.Root["spec"]!;
        Assert.Multiple(() =>
        {
            Assert.That(deployment.Name, Is.EqualTo("pre-web-suf"));
            Assert.That(deployment.Namespace, Is.EqualTo("team"));
            Assert.That(spec["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>(), Is.EqualTo("registry.local/nginx:2.0"));
            Assert.That(spec["replicas"]!.GetValue<long>(), Is.EqualTo(4));
            Assert.That(spec["paused"]!.GetValue<bool>(), Is.True);
            Assert.That(deployment.GetLabel("team"), Is.EqualTo("blue"));
            Assert.That(deployment.GetAnnotation("owner"), Is.EqualTo("ops"));
            Assert.That(result.Objects.Select(o => o.Name), Does.Contain("pre-monitor-suf"));
            Assert.That(File.ReadAllBytes(Path.Combine(_repo.Path, "base/kustomization.yaml")), Is.EqualTo(original));
        });
    }

    [Test]
    public async Task RenderAsync_ImageOverrideForListedImage_ReplacesEntry()
    {
        var result = await RenderAsync("base", new KustomizeRendererOptions { Images = ["nginx:1.27"] });

        var image = result.Objects.Single(o => o.Kind == "Deployment").Root["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!;
        Assert.That(image.GetValue<string>(), Is.EqualTo("nginx:1.27"));
    }

    [Test]
    public void RenderAsync_BrokenResource_PointsAtFile()
    {
        var error = Assert.ThrowsAsync<RenderException>(async () => await RenderAsync("broken"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.Contain("cm.yaml").And.Contain("kustomize build broken"));
            Assert.That(error.Location!.File, Is.EqualTo("broken/cm.yaml"));
            Assert.That(error.Message, Does.Not.Contain(Path.GetTempPath()));
        });
    }

    [Test]
    public void RenderAsync_FileOutsideKustomizationRoot_RefusedByDefault()
    {
        Assert.That(async () => await RenderAsync("loose"),
            Throws.TypeOf<RenderException>().With.Message.Contains("shared/cm.yaml"));
    }

    [Test]
    public async Task RenderAsync_LoadRestrictorNone_LoadsFileElsewhereInRepository()
    {
        var result = await RenderAsync("loose", new KustomizeRendererOptions { LoadRestrictor = KustomizeLoadRestrictor.None });

        Assert.That(result.Objects.Single().Name, Is.EqualTo("shared"));
    }

    [Test]
    public async Task RenderAsync_CapitalKustomizationFile_DetectedAndBuilt()
    {
        var result = await ExternalTools.RenderAsync(_services, new LocalDirectorySourceTree(_repo.Path), "capital",
            new KustomizeRendererOptions { LoadRestrictor = KustomizeLoadRestrictor.None });

        Assert.Multiple(() =>
        {
            Assert.That(RendererRegistry.Detect(new LocalDirectorySourceTree(_repo.Path), "capital"), Is.EqualTo(RendererNames.Kustomize));
            Assert.That(result.Objects.Single().Name, Is.EqualTo("shared"));
        });
    }

    [Test]
    public async Task RenderAsync_EnableHelm_InflatesLocalChartOrExplainsHelm4Incompatibility()
    {
        var helm = ExternalTools.Require("helm");
        var helmMajor = ExternalTools.Run(helm, _repo.Path, "version", "--short").TrimStart('v').Split('.')[0];
        var options = new KustomizeRendererOptions { EnableHelm = true };
        var context = new RenderContext { ApplicationName = "demo", KubeVersion = "1.30.0" };

        if (helmMajor != "3")
        {
            // kubectl 1.33's kustomize 5.6 runs "helm version -c", which Helm 4 rejects: the error must say so.
            Assert.That(async () => await ExternalTools.RenderAsync(_services, new LocalDirectorySourceTree(_repo.Path), "inflate", options, context),
                Throws.TypeOf<RenderException>().With.Message.Contains("cannot drive Helm 4").And.Message.Contains("HelmPath"));
            return;
        }

        var result = await ExternalTools.RenderAsync(_services, new LocalDirectorySourceTree(_repo.Path), "inflate", options, context);

        var config = result.Objects.Single();
        Assert.Multiple(() =>
        {
            Assert.That(config.Name, Is.EqualTo("inflated-tiny"));
            Assert.That(config.Root["data"]!["message"]!.GetValue<string>(), Is.EqualTo("from-kustomize"));
            Assert.That(config.Root["data"]!["kube"]!.GetValue<string>(), Is.EqualTo("v1.30.0"));
        });
    }

    [Test]
    public void RenderAsync_HelmChartsWithoutEnableHelm_FailsSayingSo()
    {
        Assert.That(async () => await RenderAsync("inflate"),
            Throws.TypeOf<RenderException>().With.Message.Contains("enable-helm"));
    }

    [TestCase("../../outside")]
    [TestCase("/etc")]
    public void RenderAsync_ComponentOutsideRepository_Refused(string component)
    {
        Assert.That(async () => await RenderAsync("base", new KustomizeRendererOptions { Components = [component] }),
            Throws.TypeOf<RenderException>().With.Message.Contains("component"));
    }

    [Test]
    public void RenderAsync_NoKustomization_ThrowsNamingFolder()
    {
        Assert.That(async () => await RenderAsync("shared", new KustomizeRendererOptions()),
            Throws.TypeOf<RenderException>().With.Message.Contains("'shared' has no kustomization.yaml"));
    }

    [Test]
    public async Task RenderAsync_Output_KeepsOrderAsInfoDiagnostics()
    {
        var result = await RenderAsync("overlays/prod");

        var infos = result.Diagnostics.Where(d => d.Severity == RenderDiagnosticSeverity.Info).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(infos.Select(d => d.Location!.DocumentIndex), Is.EqualTo(Enumerable.Range(0, result.Objects.Count)));
            Assert.That(infos.Select(d => d.Location!.File).Distinct(), Is.EqualTo(new[] { "kustomize build overlays/prod" }));
        });
    }

    [TestCase("nginx:1.27", "nginx", null, "1.27", null)]
    [TestCase("nginx=registry.local:5000/web/nginx:2", "nginx", "registry.local:5000/web/nginx", "2", null)]
    [TestCase("registry.local:5000/nginx", "registry.local:5000/nginx", null, null, null)]
    [TestCase("nginx=nginx@sha256:abc", "nginx", null, null, "sha256:abc")]
    public void ParseImage_ArgoSyntax_SplitsNameTagAndDigest(string image, string name, string? newName, string? tag, string? digest)
    {
        var parsed = KustomizationEditor.ParseImage(image);

        Assert.Multiple(() =>
        {
            Assert.That(parsed["name"]!.GetValue<string>(), Is.EqualTo(name));
            Assert.That(parsed["newName"]?.GetValue<string>(), Is.EqualTo(newName));
            Assert.That(parsed["newTag"]?.GetValue<string>(), Is.EqualTo(tag));
            Assert.That(parsed["digest"]?.GetValue<string>(), Is.EqualTo(digest));
        });
    }

    [GeneratedRegex("^app-config-[a-z0-9]{10}$")]
    private static partial Regex HashedName();
}
