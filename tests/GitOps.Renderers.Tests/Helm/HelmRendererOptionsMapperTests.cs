using GitOps.Applications;
using GitOps.Reconcile;
using GitOps.Renderers.Helm;
using HelmParameter = GitOps.Renderers.Helm.HelmParameter;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Helm;

public sealed class HelmRendererOptionsMapperTests
{
    private static Application Read(string yaml)
    {
        var result = new ApplicationManifestReader().Read(yaml, "app.yaml");
        Assert.That(result.HasErrors, Is.False, string.Join("; ", result.Diagnostics));
        return result.Applications.Single();
    }

    private static IRendererOptionsMapper[] Mappers()
    {
        var services = new ServiceCollection();
        services.AddGitOps();
        return [.. services.BuildServiceProvider().GetServices<IRendererOptionsMapper>()];
    }

    [Test]
    public void Map_HelmSource_AllOptionsReachTheRenderer()
    {
        var app = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: shop, namespace: argocd}
            spec:
              project: default
              destination: {server: "https://kubernetes.default.svc", namespace: shop}
              source:
                repoURL: https://git.example/shop.git
                path: charts/shop
                helm:
                  releaseName: storefront
                  valueFiles: [values-prod.yaml]
                  ignoreMissingValueFiles: true
                  values: |
                    replicas: 3
                    items: [a, b]
                  parameters:
                  - {name: image.tag, value: "1.2"}
                  - {name: build, value: "007", forceString: true}
                  fileParameters:
                  - {name: config, path: files/config.json}
                  skipCrds: true
                  skipTests: true
            """);

        var options = Mappers().Select(m => m.Map(app, app.Spec.Source!)).OfType<HelmRendererOptions>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(options.ReleaseName, Is.EqualTo("storefront"));
            Assert.That(options.ValueFiles, Is.EqualTo(new[] { "values-prod.yaml" }));
            Assert.That(options.IgnoreMissingValueFiles, Is.True);
            Assert.That(options.Values!["replicas"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(options.Values!["items"]!.AsArray(), Has.Count.EqualTo(2), "a values key named items is not a Kubernetes List");
            Assert.That(options.Parameters, Is.EqualTo(new[]
            {
                new HelmParameter("image.tag", "1.2"),
                new HelmParameter("build", "007", HelmParameterKind.ForceString),
                new HelmParameter("config", "files/config.json", HelmParameterKind.File),
            }));
            Assert.That(options.IncludeCrds, Is.False);
            Assert.That(options.SkipTests, Is.True);
        });
    }

    [Test]
    public void Map_SourceWithoutHelm_NotMapped()
    {
        var app = Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: plain, namespace: argocd}
            spec:
              project: default
              destination: {server: "https://kubernetes.default.svc", namespace: plain}
              source: {repoURL: "https://git.example/plain.git", path: manifests}
            """);

        Assert.That(Mappers().Select(m => m.Map(app, app.Spec.Source!)).OfType<HelmRendererOptions>(), Is.Empty);
    }

    [TestCase("1.4.2", "1.4.2")]
    [TestCase(">=1.0.0 <2.0.0", ">=1.0.0 <2.0.0")]
    [TestCase("HEAD", "")]
    [TestCase("*", "")]
    public void Map_ChartFromChartRepository_ChartReferenceWithTheTargetRevisionAsVersion(string targetRevision, string version)
    {
        var app = Read($$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: cache, namespace: argocd}
            spec:
              project: default
              destination: {server: "https://kubernetes.default.svc", namespace: cache}
              source:
                repoURL: https://charts.example/stable
                chart: redis
                targetRevision: "{{targetRevision}}"
            """);

        var options = Mappers().Select(m => m.Map(app, app.Spec.Source!)).OfType<HelmRendererOptions>().Single();

        Assert.That(options.Chart, Is.EqualTo(new HelmChartReference("https://charts.example/stable", "redis", version)));
    }
}
