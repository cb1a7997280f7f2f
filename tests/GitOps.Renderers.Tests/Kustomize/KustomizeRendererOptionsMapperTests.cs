using GitOps.Applications;
using GitOps.Reconcile;
using GitOps.Renderers.Kustomize;
using KustomizeReplica = GitOps.Renderers.Kustomize.KustomizeReplica;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Renderers.Tests.Kustomize;

public sealed class KustomizeRendererOptionsMapperTests
{
    [Test]
    public void Map_KustomizeSource_OverridesReachTheRenderer()
    {
        var result = new ApplicationManifestReader().Read("""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web, namespace: argocd}
            spec:
              project: default
              destination: {server: "https://kubernetes.default.svc", namespace: web}
              source:
                repoURL: https://git.example/web.git
                path: overlays/prod
                kustomize:
                  namePrefix: prod-
                  nameSuffix: -v2
                  namespace: web-prod
                  images: ["nginx=nginx:1.27"]
                  replicas: [{name: web, count: 3}]
                  commonLabels: {team: shop}
                  commonAnnotations: {owner: platform}
                  components: [../../components/metrics]
                  patches:
                  - target: {kind: Deployment, name: web}
                    patch: |-
                      - op: replace
                        path: /spec/template/spec/containers/0/name
                        value: main
            """, "app.yaml");
        Assert.That(result.HasErrors, Is.False, string.Join("; ", result.Diagnostics));
        var app = result.Applications.Single();
        var services = new ServiceCollection();
        services.AddGitOps();
        var mappers = services.BuildServiceProvider().GetServices<IRendererOptionsMapper>();

        var options = mappers.Select(m => m.Map(app, app.Spec.Source!)).OfType<KustomizeRendererOptions>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(options.NamePrefix, Is.EqualTo("prod-"));
            Assert.That(options.NameSuffix, Is.EqualTo("-v2"));
            Assert.That(options.Namespace, Is.EqualTo("web-prod"));
            Assert.That(options.Images, Is.EqualTo(new[] { "nginx=nginx:1.27" }));
            Assert.That(options.Replicas, Is.EqualTo(new[] { new KustomizeReplica("web", 3) }));
            Assert.That(options.CommonLabels["team"], Is.EqualTo("shop"));
            Assert.That(options.CommonAnnotations["owner"], Is.EqualTo("platform"));
            Assert.That(options.Components, Is.EqualTo(new[] { "../../components/metrics" }));
            Assert.That(options.Patches.Single().Target!.Kind, Is.EqualTo("Deployment"));
            Assert.That(options.Patches.Single().Patch, Does.Contain("/spec/template/spec/containers/0/name"));
        });
    }
}
