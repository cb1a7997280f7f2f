using GitOps.Applications;
using GitOps.Manifests;
using GitOps.Tests.TestSupport;

namespace GitOps.Tests.Applications;

public sealed class ApplicationManifestReaderTests
{
    private const string Full = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: guestbook
          namespace: argocd
          labels:
            team: web
          annotations:
            argocd.argoproj.io/manifest-generate-paths: .
        spec:
          project: web
          source:
            repoURL: https://github.com/example/apps.git
            targetRevision: main
            path: guestbook
            helm:
              releaseName: gb
              valueFiles: [values-prod.yaml, $values/env/prod.yaml]
              values: |
                replicas: 2
              valuesObject:
                image:
                  tag: "1.2"
              parameters:
                - name: service.type
                  value: LoadBalancer
                - name: version
                  value: "1.0"
                  forceString: true
              fileParameters:
                - name: config
                  path: files/config.json
              ignoreMissingValueFiles: true
              skipCrds: true
              skipSchemaValidation: true
              skipTests: true
              namespace: helm-ns
              kubeVersion: "1.33.0"
              apiVersions: [monitoring.coreos.com/v1]
              passCredentials: true
              version: v3
          destination:
            server: https://kubernetes.default.svc
            namespace: guestbook
          syncPolicy:
            automated:
              prune: true
              selfHeal: true
              allowEmpty: false
            syncOptions:
              - CreateNamespace=true
              - PruneLast=true
            retry:
              limit: 5
              backoff:
                duration: 5s
                factor: 2
                maxDuration: 3m
          ignoreDifferences:
            - group: apps
              kind: Deployment
              jsonPointers: [/spec/replicas]
            - kind: ConfigMap
              name: cm
              namespace: guestbook
              jqPathExpressions: ['.data["x"]']
              managedFieldsManagers: [kube-controller-manager]
          revisionHistoryLimit: 3
          info:
            - name: url
              value: https://example.com
          dependsOn:
            - database
            - infra/network
            - name: cache
              namespace: shared
        """;

    [Test]
    public void Read_FullArgoApplication_MapsEveryField()
    {
        var result = ApplicationManifestReader.Default.Read(Full, "apps.yaml");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        var app = result.Applications.Single();
        var spec = app.Spec;
        var helm = spec.Source!.Helm!;
        Assert.Multiple(() =>
        {
            Assert.That(app.QualifiedName, Is.EqualTo("argocd/guestbook"));
            Assert.That(app.Metadata.Labels["team"], Is.EqualTo("web"));
            Assert.That(app.Location!.File, Is.EqualTo("apps.yaml"));
            Assert.That(spec.Project, Is.EqualTo("web"));
            Assert.That(spec.Source.RepoUrl, Is.EqualTo("https://github.com/example/apps.git"));
            Assert.That(spec.Source.TargetRevision, Is.EqualTo("main"));
            Assert.That(spec.Source.Path, Is.EqualTo("guestbook"));
            Assert.That(spec.EffectiveSources, Has.Count.EqualTo(1));
            Assert.That(helm.ReleaseName, Is.EqualTo("gb"));
            Assert.That(helm.ValueFiles, Is.EqualTo(new[] { "values-prod.yaml", "$values/env/prod.yaml" }));
            Assert.That(helm.Values, Is.EqualTo("replicas: 2\n"));
            Assert.That(helm.ValuesObject, Is.EqualTo("""{"image":{"tag":"1.2"}}"""));
            Assert.That(helm.EffectiveValues, Is.EqualTo(helm.ValuesObject));
            Assert.That(helm.Parameters, Is.EqualTo(new[] { new HelmParameter("service.type", "LoadBalancer"), new HelmParameter("version", "1.0", true) }));
            Assert.That(helm.FileParameters, Is.EqualTo(new[] { new HelmFileParameter("config", "files/config.json") }));
            Assert.That(helm.IgnoreMissingValueFiles && helm.SkipCrds && helm.SkipSchemaValidation && helm.SkipTests && helm.PassCredentials, Is.True);
            Assert.That(helm.Namespace, Is.EqualTo("helm-ns"));
            Assert.That(helm.KubeVersion, Is.EqualTo("1.33.0"));
            Assert.That(helm.ApiVersions, Is.EqualTo(new[] { "monitoring.coreos.com/v1" }));
            Assert.That(helm.Version, Is.EqualTo("v3"));
            Assert.That(spec.Destination.Server, Is.EqualTo("https://kubernetes.default.svc"));
            Assert.That(spec.Destination.Namespace, Is.EqualTo("guestbook"));
            Assert.That(spec.SyncPolicy!.IsAutomated, Is.True);
            Assert.That(spec.SyncPolicy.Automated, Is.EqualTo(new AutomatedSyncPolicy { Prune = true, SelfHeal = true }));
            Assert.That(spec.SyncPolicy.SyncOptions, Is.EqualTo(new[] { "CreateNamespace=true", "PruneLast=true" }));
            Assert.That(spec.SyncPolicy.Retry, Is.EqualTo(new SyncAttemptRetryPolicy { Limit = 5, Duration = TimeSpan.FromSeconds(5), Factor = 2, MaxDuration = TimeSpan.FromMinutes(3) }));
            Assert.That(spec.IgnoreDifferences, Has.Count.EqualTo(2));
            Assert.That(spec.IgnoreDifferences[0].Group, Is.EqualTo("apps"));
            Assert.That(spec.IgnoreDifferences[0].JsonPointers, Is.EqualTo(new[] { "/spec/replicas" }));
            Assert.That(spec.IgnoreDifferences[1].Group, Is.Empty);
            Assert.That(spec.IgnoreDifferences[1].Name, Is.EqualTo("cm"));
            Assert.That(spec.IgnoreDifferences[1].PathExpressions, Is.EqualTo(new[] { ".data[\"x\"]" }));
            Assert.That(spec.IgnoreDifferences[1].ManagedFieldsManagers, Is.EqualTo(new[] { "kube-controller-manager" }));
            Assert.That(spec.RevisionHistoryLimit, Is.EqualTo(3));
            Assert.That(spec.Info, Is.EqualTo(new[] { new ApplicationInfo("url", "https://example.com") }));
            Assert.That(spec.DependsOn, Is.EqualTo(new[]
            {
                new ApplicationReference("database"), new ApplicationReference("network", "infra"), new ApplicationReference("cache", "shared"),
            }));
        });
    }

    [Test]
    public void Read_Json_SameAsYaml()
    {
        const string json = """
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"a"},
             "spec":{"source":{"repoURL":"https://example.com/r.git","path":"p"},"destination":{"name":"in-cluster","namespace":"n"},
                     "syncPolicy":{"retry":{"limit":3,"backoff":{"factor":3}},"automated":{"selfHeal":true}},"dependsOn":[{"name":"db"}]}}
            """;
        var result = ApplicationManifestReader.Default.Read(json, "a.json");
        Assert.That(result.Errors, Is.Empty);
        var app = result.Applications.Single();
        Assert.Multiple(() =>
        {
            Assert.That(app.Spec.Destination.Name, Is.EqualTo("in-cluster"));
            Assert.That(app.Spec.Source!.TargetRevision, Is.EqualTo("HEAD"));
            Assert.That(app.Spec.RevisionHistoryLimit, Is.EqualTo(10));
            Assert.That(app.Spec.SyncPolicy!.Retry, Is.EqualTo(new SyncAttemptRetryPolicy { Limit = 3, Factor = 3 }));
            Assert.That(app.Spec.SyncPolicy.Automated!.SelfHeal, Is.True);
            Assert.That(app.Spec.DependsOn.Single(), Is.EqualTo(new ApplicationReference("db")));
        });
    }

    [Test]
    public void Read_MinimalApplication_DefaultsProjectWithWarning()
    {
        var result = Read("""
            spec:
              source: {repoURL: https://example.com/r.git, path: p}
              destination: {server: https://k, namespace: ns}
            """);
        Assert.That(result.Applications.Single().Spec.Project, Is.EqualTo("default"));
        Assert.That(Fields(result), Is.EqualTo(new[] { "spec.project" }));
    }

    [Test]
    public void Read_KustomizeSource_MapsEveryField()
    {
        var result = Read("""
            spec:
              project: p
              source:
                repoURL: https://example.com/r.git
                path: overlays/prod
                kustomize:
                  namePrefix: pre-
                  nameSuffix: -suf
                  namespace: ns
                  images: [nginx=nginx:1.27, redis:7]
                  replicas:
                    - name: web
                      count: 3
                    - name: worker
                      count: "2"
                  commonLabels: {env: prod}
                  commonAnnotations: {owner: team}
                  commonAnnotationsEnvsubst: true
                  forceCommonLabels: true
                  forceCommonAnnotations: true
                  labelWithoutSelector: true
                  components: [../../components/tls]
                  ignoreMissingComponents: true
                  patches:
                    - target: {kind: Deployment, name: web, labelSelector: "app=web"}
                      patch: |-
                        - op: replace
                          path: /spec/replicas
                          value: 4
                      options: {allowNameChange: true}
                    - path: patch.yaml
                  version: v5.4.0
                  kubeVersion: "1.33"
                  apiVersions: [v1]
              destination: {server: https://k, namespace: ns}
            """);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        var k = result.Applications.Single().Spec.Source!.Kustomize!;
        Assert.Multiple(() =>
        {
            Assert.That(k.NamePrefix, Is.EqualTo("pre-"));
            Assert.That(k.NameSuffix, Is.EqualTo("-suf"));
            Assert.That(k.Namespace, Is.EqualTo("ns"));
            Assert.That(k.Images, Is.EqualTo(new[] { "nginx=nginx:1.27", "redis:7" }));
            Assert.That(k.Replicas, Is.EqualTo(new[] { new KustomizeReplica("web", 3), new KustomizeReplica("worker", 2) }));
            Assert.That(k.CommonLabels["env"], Is.EqualTo("prod"));
            Assert.That(k.CommonAnnotations["owner"], Is.EqualTo("team"));
            Assert.That(k.CommonAnnotationsEnvsubst && k.ForceCommonLabels && k.ForceCommonAnnotations && k.LabelWithoutSelector && k.IgnoreMissingComponents, Is.True);
            Assert.That(k.Components, Is.EqualTo(new[] { "../../components/tls" }));
            Assert.That(k.Patches[0].Target, Is.EqualTo(new KustomizePatchTarget { Kind = "Deployment", Name = "web", LabelSelector = "app=web" }));
            Assert.That(k.Patches[0].Patch, Does.StartWith("- op: replace"));
            Assert.That(k.Patches[0].Options["allowNameChange"], Is.True);
            Assert.That(k.Patches[1].Path, Is.EqualTo("patch.yaml"));
            Assert.That(k.Version, Is.EqualTo("v5.4.0"));
            Assert.That(k.KubeVersion, Is.EqualTo("1.33"));
            Assert.That(k.ApiVersions, Is.EqualTo(new[] { "v1" }));
        });
    }

    [Test]
    public void Read_DirectoryAndJsonnet_MapsEveryField()
    {
        var result = Read("""
            spec:
              project: p
              source:
                repoURL: https://example.com/r.git
                path: manifests
                directory:
                  recurse: true
                  include: '{*.yaml,*.jsonnet}'
                  exclude: 'test/*'
                  jsonnet:
                    extVars:
                      - {name: env, value: prod}
                      - {name: replicas, value: "3", code: true}
                    tlas:
                      - {name: tier, value: web}
                    libs: [vendor]
              destination: {server: https://k, namespace: ns}
            """);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        var d = result.Applications.Single().Spec.Source!.Directory!;
        Assert.Multiple(() =>
        {
            Assert.That(d.Recurse, Is.True);
            Assert.That(d.Include, Is.EqualTo("{*.yaml,*.jsonnet}"));
            Assert.That(d.Exclude, Is.EqualTo("test/*"));
            Assert.That(d.Jsonnet!.ExtVars, Is.EqualTo(new[] { new GitOps.Rendering.JsonnetVariable("env", "prod"), new GitOps.Rendering.JsonnetVariable("replicas", "3", true) }));
            Assert.That(d.Jsonnet.TopLevelArguments, Is.EqualTo(new[] { new GitOps.Rendering.JsonnetVariable("tier", "web") }));
            Assert.That(d.Jsonnet.Libraries, Is.EqualTo(new[] { "vendor" }));
        });
    }

    [Test]
    public void Read_MultipleSourcesWithRef_KeepsOrderAndRefs()
    {
        var result = Read("""
            spec:
              project: p
              sources:
                - repoURL: https://charts.example.com
                  chart: web
                  targetRevision: 1.4.2
                  helm:
                    valueFiles: [$values/web/values.yaml]
                - repoURL: https://example.com/values.git
                  targetRevision: main
                  ref: values
              destination: {server: https://k, namespace: ns}
            """);
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        var spec = result.Applications.Single().Spec;
        Assert.Multiple(() =>
        {
            Assert.That(spec.Source, Is.Null);
            Assert.That(spec.EffectiveSources, Has.Count.EqualTo(2));
            Assert.That(spec.Sources[0].Chart, Is.EqualTo("web"));
            Assert.That(spec.Sources[0].IsRefOnly, Is.False);
            Assert.That(spec.Sources[1].Ref, Is.EqualTo("values"));
            Assert.That(spec.Sources[1].IsRefOnly, Is.True);
        });
    }

    [Test]
    public void Read_SourceAndSources_SourcesWinWithWarning()
    {
        var result = Read("""
            spec:
              project: p
              source: {repoURL: https://example.com/a.git, path: a}
              sources:
                - {repoURL: https://example.com/b.git, path: b}
              destination: {server: https://k, namespace: ns}
            """);
        Assert.That(result.Applications.Single().Spec.EffectiveSources.Single().Path, Is.EqualTo("b"));
        Assert.That(Fields(result), Is.EqualTo(new[] { "spec.source" }));
    }

    [Test]
    public void Read_UnsupportedAndUnknownFields_AreWarningsNamingThePath()
    {
        var result = Read("""
            metadata:
              finalizers: [resources-finalizer.argocd.argoproj.io]
              uid: 1234
              colour: blue
            spec:
              project: p
              source:
                repoURL: https://example.com/a.git
                path: a
                plugin:
                  name: cmp
                helm:
                  valuesFile: typo.yaml
              destination: {server: https://k, namespace: ns, extra: 1}
              syncPolicy:
                automated: {prune: true, selfHel: true}
                managedNamespaceMetadata:
                  labels: {a: b}
              sourceHydrator: {}
              mystery: true
            operation:
              sync: {revision: abc}
            status:
              sync: {status: Synced}
            """);
        Assert.That(result.HasErrors, Is.False, string.Join("\n", result.Diagnostics));
        Assert.That(result.Applications, Has.Count.EqualTo(1));
        Assert.That(Fields(result), Is.EquivalentTo(new[]
        {
            "metadata.finalizers", "metadata.uid", "metadata.colour",
            "spec.source.plugin", "spec.source.helm.valuesFile", "spec.destination.extra",
            "spec.syncPolicy.automated.selfHel", "spec.syncPolicy.managedNamespaceMetadata",
            "spec.sourceHydrator", "spec.mystery", "operation", "status",
        }));
        Assert.That(result.Applications[0].Spec.SyncPolicy!.ManagedNamespaceMetadata!.Labels["a"], Is.EqualTo("b"));
        Assert.That(result.Warnings.Single(w => w.Field == "spec.source.plugin").ToString(),
            Does.StartWith("app.yaml:1:1: warning: Application app: spec.source.plugin: config management plugins are not supported"));
    }

    [TestCase("retry: {limit: abc}", "spec.syncPolicy.retry.limit", "expected an integer, found a string")]
    [TestCase("retry: {limit: 1.5}", "spec.syncPolicy.retry.limit", "expected an integer, found a number")]
    [TestCase("retry: {backoff: {duration: 5x}}", "spec.syncPolicy.retry.backoff.duration", "unknown unit 'x'")]
    [TestCase("retry: {backoff: {maxDuration: ''}}", "spec.syncPolicy.retry.backoff.maxDuration", "must not be empty")]
    [TestCase("retry: {backoff: {duration: -5s}}", "spec.syncPolicy.retry.backoff.duration", "negative")]
    [TestCase("retry: {backoff: {factor: 0}}", "spec.syncPolicy.retry.backoff.factor", "must be 1 or more")]
    [TestCase("retry: {limit: 18446744073709551615}", "spec.syncPolicy.retry.limit", "too large")]
    [TestCase("retry: {limit: 9999999999}", "spec.syncPolicy.retry.limit", "out of range")]
    [TestCase("automated: {prune: maybe}", "spec.syncPolicy.automated.prune", "expected true or false, found a string")]
    [TestCase("syncOptions: CreateNamespace=true", "spec.syncPolicy.syncOptions", "expected a list of strings")]
    [TestCase("syncOptions: [1]", "spec.syncPolicy.syncOptions[0]", "expected a string, found a number")]
    public void Read_InvalidSyncPolicy_IsAnErrorNamingTheField(string policy, string field, string message)
    {
        var result = Read($$"""
            spec:
              project: p
              source: {repoURL: https://example.com/a.git, path: a}
              destination: {server: https://k, namespace: ns}
              syncPolicy: {{{policy}}}
            """);
        Assert.That(result.Applications, Is.Empty);
        var error = result.Errors.Single();
        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void Read_RetryDurationAsBareSeconds_IsAccepted()
    {
        var result = Read("""
            spec:
              project: p
              source: {repoURL: https://example.com/a.git, path: a}
              destination: {server: https://k, namespace: ns}
              syncPolicy: {retry: {limit: -1, refresh: true, backoff: {duration: "10", maxDuration: 1h30m}}}
            """);
        var retry = result.Applications.Single().Spec.SyncPolicy!.Retry!;
        Assert.Multiple(() =>
        {
            Assert.That(retry.Duration, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(retry.MaxDuration, Is.EqualTo(TimeSpan.FromMinutes(90)));
            Assert.That(retry.IsUnlimited, Is.True);
            Assert.That(retry.Refresh, Is.True);
        });
    }

    [Test]
    public void Read_UnknownSyncOption_IsAWarningNamingTheItem()
    {
        var result = Read("""
            spec:
              project: p
              source: {repoURL: https://example.com/a.git, path: a}
              destination: {server: https://k, namespace: ns}
              syncPolicy: {syncOptions: [CreateNamespace=true, createnamespace=true, Bogus=1]}
            """);
        Assert.That(result.Applications, Has.Count.EqualTo(1));
        var warnings = result.Warnings.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings.Select(w => w.Field), Is.EqualTo(new[] { "spec.syncPolicy.syncOptions[1]", "spec.syncPolicy.syncOptions[2]" }));
            Assert.That(warnings[0].Message, Does.Contain("did you mean CreateNamespace"));
            Assert.That(warnings[1].Message, Does.Contain("unknown sync option 'Bogus=1'"));
        });
    }

    [TestCase("source: {path: a}\n  destination: {server: https://k}", "spec.source.repoURL", "needs a repoURL")]
    [TestCase("destination: {server: https://k}", "spec.source", "needs spec.source or spec.sources")]
    [TestCase("source: {repoURL: https://e/a.git}", "spec.destination", "needs a destination")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k, name: in-cluster}", "spec.destination", "either server or name")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  revisionHistoryLimit: -1", "spec.revisionHistoryLimit", "0 or more")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  ignoreDifferences: [{jsonPointers: [/a]}]", "spec.ignoreDifferences[0].kind", "needs a kind")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  ignoreDifferences: [{kind: A, jsonPointers: [a]}]", "spec.ignoreDifferences[0].jsonPointers[0]", "")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  ignoreDifferences: [{kind: A, jqPathExpressions: ['.a[']}]", "spec.ignoreDifferences[0].jqPathExpressions[0]", "")]
    [TestCase("source: {repoURL: https://e/a.git, directory: {include: '[a'}}\n  destination: {server: https://k}", "spec.source.directory.include", "unclosed")]
    [TestCase("source: {repoURL: https://e/a.git, helm: {values: {a: 1}}}\n  destination: {server: https://k}", "spec.source.helm.values", "use valuesObject")]
    [TestCase("source: {repoURL: https://e/a.git, helm: {parameters: [{value: x}]}}\n  destination: {server: https://k}", "spec.source.helm.parameters[0].name", "required")]
    [TestCase("source: {repoURL: https://e/a.git, helm: {parameters: [{name: a, value: 1}]}}\n  destination: {server: https://k}", "spec.source.helm.parameters[0].value", "quote the value")]
    [TestCase("source: {repoURL: https://e/a.git, kustomize: {replicas: [{name: a, count: x}]}}\n  destination: {server: https://k}", "spec.source.kustomize.replicas[0].count", "expected an integer")]
    [TestCase("source: {repoURL: https://e/a.git, kustomize: {patches: [{target: {kind: A}}]}}\n  destination: {server: https://k}", "spec.source.kustomize.patches[0]", "needs path or patch")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  dependsOn: [a/b/c]", "spec.dependsOn[0]", "namespace/name")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  dependsOn: [{namespace: x}]", "spec.dependsOn[0].name", "required")]
    [TestCase("source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  dependsOn: a", "spec.dependsOn", "expected a list")]
    [TestCase("sources: [{repoURL: https://e/a.git, ref: v}, {repoURL: https://e/b.git, ref: v}]\n  destination: {server: https://k}", "spec.sources[1].ref", "used by two sources")]
    public void Read_InvalidSpec_IsAnErrorNamingTheField(string spec, string field, string message)
    {
        var result = Read("spec:\n  project: p\n  " + spec);
        Assert.That(result.Applications, Is.Empty, string.Join("\n", result.Diagnostics));
        Assert.That(result.Errors.Select(e => e.Field), Does.Contain(field), string.Join("\n", result.Diagnostics));
        Assert.That(result.Errors.First(e => e.Field == field).Message, Does.Contain(message));
    }

    [Test]
    public void Read_Yaml11BooleanWhereAStringBelongs_SaysToQuoteIt()
    {
        // "n" is false in YAML 1.1, as kubectl reads it.
        var result = Read("spec:\n  project: p\n  source: {repoURL: https://e/a.git}\n  destination: {server: https://k, namespace: n}");
        var error = result.Errors.Single();
        Assert.That(error.Field, Is.EqualTo("spec.destination.namespace"));
        Assert.That(error.Message, Is.EqualTo("expected a string, found a boolean (quote the value)"));
    }

    [Test]
    public void Read_DependsOnObjectWithUnknownKey_WarnsWithItsPath()
    {
        var result = Read("spec:\n  project: p\n  source: {repoURL: https://e/a.git}\n  destination: {server: https://k}\n  dependsOn: [{name: db, wait: true}]");
        Assert.That(result.Warnings.Single().Field, Is.EqualTo("spec.dependsOn[0].wait"));
        Assert.That(result.Applications.Single().Spec.DependsOn.Single().Name, Is.EqualTo("db"));
    }

    [Test]
    public void Read_MissingName_IsAnError()
    {
        var result = ApplicationManifestReader.Default.Read(
            new ManifestObject(System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{},"spec":{"source":{"repoURL":"https://e/a"},"destination":{"server":"https://k"},"project":"p"}}""")!.AsObject()));
        Assert.That(result.Errors.Single().Field, Is.EqualTo("metadata.name"));
    }

    [Test]
    public void Read_OwnApiVersion_IsAccepted()
    {
        var result = ApplicationManifestReader.Default.Read("""
            apiVersion: gitops.dotnet/v1alpha1
            kind: Application
            metadata: {name: a}
            spec:
              project: p
              source: {repoURL: https://e/a.git, path: a}
              destination: {server: https://k}
            """, "a.yaml");
        Assert.That(result.Applications.Single().ApiVersion, Is.EqualTo(ApplicationManifestReader.GitOpsApiVersion));
    }

    [Test]
    public void Read_OtherObjectsAndDuplicates_AreReported()
    {
        var text = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            ---
            apiVersion: argoproj.io/v1beta9
            kind: Application
            metadata: {name: weird}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: a}
            spec: {project: p, source: {repoURL: https://e/a.git}, destination: {server: https://k}}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: a}
            spec: {project: p, source: {repoURL: https://e/b.git}, destination: {server: https://k}}
            """;
        var result = ApplicationManifestReader.Default.Read(text, "all.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(result.Applications.Single().Spec.Source!.RepoUrl, Is.EqualTo("https://e/a.git"));
            Assert.That(result.Warnings.Select(w => w.Message), Has.Some.Contains("ConfigMap c (v1) is not an Application"));
            Assert.That(result.Warnings.Select(w => w.Message), Has.Some.Contains("apiVersion 'argoproj.io/v1beta9'"));
            Assert.That(result.Errors.Single().Message, Does.Contain("defined twice (first at all.yaml:9:1)"));
        });
    }

    [Test]
    public void Read_MalformedYaml_IsAnErrorNamingTheFile()
    {
        var result = ApplicationManifestReader.Default.Read("a: [", "broken.yaml");
        Assert.That(result.Errors.Single().ToString(), Does.Contain("broken.yaml"));
    }

    [Test]
    public async Task ReadDirectoryAsync_ReadsNestedFilesInPathOrder()
    {
        using var temp = new TempDirectory();
        temp.Write("b.yaml", App("b") + "---\n" + App("c"));
        temp.Write("sub/a.yml", App("a"));
        temp.Write("sub/deep/z.json", """{"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"z"},"spec":{"project":"p","source":{"repoURL":"https://e/z.git"},"destination":{"server":"https://k"}}}""");
        temp.Write("notes.txt", "not yaml: [");
        temp.Write("broken.yaml", "a: [");
        var result = await ApplicationManifestReader.Default.ReadDirectoryAsync(temp.Path);
        Assert.Multiple(() =>
        {
            Assert.That(result.Applications.Select(a => a.Name), Is.EqualTo(new[] { "b", "c", "a", "z" }));
            Assert.That(result.Applications[2].Location!.File, Is.EqualTo("sub/a.yml"));
            Assert.That(result.Errors.Single().Location!.File, Is.EqualTo("broken.yaml"));
        });
        var flat = await ApplicationManifestReader.Default.ReadDirectoryAsync(temp.Path, recursive: false);
        Assert.That(flat.Applications.Select(a => a.Name), Is.EqualTo(new[] { "b", "c" }));
    }

    [Test]
    public void ReadDirectoryAsync_MissingFolder_Throws()
    {
        Assert.ThrowsAsync<DirectoryNotFoundException>(() => ApplicationManifestReader.Default.ReadDirectoryAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }

    [Test]
    public void ApplicationReference_ParseAndDefaultNamespace()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ApplicationReference.Parse("db").WithDefaultNamespace("team"), Is.EqualTo(new ApplicationReference("db", "team")));
            Assert.That(ApplicationReference.Parse("infra/db").WithDefaultNamespace("team"), Is.EqualTo(new ApplicationReference("db", "infra")));
            Assert.That(ApplicationReference.Parse("infra/db").ToString(), Is.EqualTo("infra/db"));
            Assert.Throws<FormatException>(() => ApplicationReference.Parse("/db"));
            Assert.Throws<FormatException>(() => ApplicationReference.Parse(""));
        });
    }

    private static string App(string name) => $$$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: {{{name}}}}
        spec: {project: p, source: {repoURL: https://e/{{{name}}}.git}, destination: {server: https://k}}

        """;

    private static ApplicationReadResult Read(string body)
    {
        var text = "apiVersion: argoproj.io/v1alpha1\nkind: Application\n" + (body.StartsWith("metadata:", StringComparison.Ordinal) ? body.Replace("metadata:\n", "metadata:\n  name: app\n", StringComparison.Ordinal) : "metadata:\n  name: app\n" + body);
        return ApplicationManifestReader.Default.Read(text, "app.yaml");
    }

    private static List<string> Fields(ApplicationReadResult result) => [.. result.Diagnostics.Select(d => d.Field)];
}
