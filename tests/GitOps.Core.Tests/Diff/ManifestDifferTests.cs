using System.Text;
using System.Text.Json.Nodes;
using GitOps.Diff;
using GitOps.Manifests;

namespace GitOps.Tests.Diff;

public sealed class ManifestDifferTests
{
    private static readonly ManifestDiffer Differ = new();

    private static ManifestObject Obj(string json) => new(JsonNode.Parse(json)!.AsObject());

    private static ManifestObject WithLastApplied(string json, string lastApplied)
    {
        var obj = Obj(json);
        obj.SetAnnotation("kubectl.kubernetes.io/last-applied-configuration", lastApplied);
        return obj;
    }

    private const string DesiredDeployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"shop","labels":{"app":"web"},"creationTimestamp":null},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"web","image":"web:1","ports":[{"containerPort":80}],
               "resources":{"requests":{"cpu":"1000m","memory":"0.5Gi"}}}]}}}}
        """;

    // What an API server returns for DesiredDeployment: defaults, status, server metadata.
    private const string LiveDeployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"shop","labels":{"app":"web"},"uid":"u-1","resourceVersion":"42","generation":1,
           "creationTimestamp":"2026-01-01T00:00:00Z",
           "managedFields":[{"manager":"kube-controller-manager","operation":"Update","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
         "spec":{"replicas":2,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"restartPolicy":"Always","dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler","securityContext":{},
               "terminationGracePeriodSeconds":30,
               "containers":[{"name":"web","image":"web:1","imagePullPolicy":"IfNotPresent",
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
                 "ports":[{"containerPort":80,"protocol":"TCP"}],
                 "resources":{"requests":{"cpu":"1","memory":"512Mi"}}}]}}},
         "status":{"replicas":2,"readyReplicas":2}}
        """;

    [Test]
    public void Diff_JustAppliedWithServerDefaults_NotModified()
    {
        var diff = Differ.Diff(Obj(DesiredDeployment), Obj(LiveDeployment));

        Assert.Multiple(() =>
        {
            Assert.That(diff.Modified, Is.False, string.Join(", ", diff.ChangedPaths));
            Assert.That(diff.UnifiedDiff, Is.Empty);
            Assert.That(diff.NormalizedLive!.ContainsKey("status"), Is.False);
            Assert.That(diff.NormalizedLive!["metadata"]!.AsObject().ContainsKey("managedFields"), Is.False);
        });
    }

    [Test]
    public void Diff_ImageEdited_ReportsExactPathAndUnifiedDiff()
    {
        var live = Obj(LiveDeployment);
        live.Root["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "web:edited";

        var diff = Differ.Diff(Obj(DesiredDeployment), live);

        Assert.Multiple(() =>
        {
            Assert.That(diff.Modified, Is.True);
            Assert.That(diff.ChangedPaths, Is.EqualTo(new[] { "spec.template.spec.containers[name=web].image" }));
            Assert.That(diff.UnifiedDiff, Does.Contain("-").And.Contain("web:edited").And.Contain("+").And.Contain("web:1"));
            Assert.That(diff.UnifiedDiff, Does.Contain("live/apps/Deployment/shop/web"));
        });
    }

    [Test]
    public void Diff_QuantityReallyChanged_Modified()
    {
        var live = Obj(LiveDeployment);
        live.Root["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"] = "500m";

        var diff = Differ.Diff(Obj(DesiredDeployment), live);

        Assert.That(diff.ChangedPaths, Is.EqualTo(new[] { "spec.template.spec.containers[name=web].resources.requests.cpu" }));
    }

    [Test]
    public void Diff_IntegerAndFloatForms_NotModified()
    {
        var desired = Obj(DesiredDeployment);
        desired.Root["spec"]!["replicas"] = 2.0;

        Assert.That(Differ.Diff(desired, Obj(LiveDeployment)).Modified, Is.False);
    }

    [Test]
    public void Diff_SecretStringDataAgainstStoredData_NotModified()
    {
        var desired = Obj("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"password":"hunter2"}}""");
        var live = Obj("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque","data":{}}""");
        live.Root["data"]!["password"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("hunter2"));

        Assert.That(Differ.Diff(desired, live).Modified, Is.False);
    }

    [Test]
    public void Diff_SecretChanged_ValuesMaskedConsistently()
    {
        var same = Convert.ToBase64String(Encoding.UTF8.GetBytes("same-value"));
        var desired = Obj("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"b":"bmV3LXNlY3JldA=="}}""");
        var live = Obj("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"b":"b2xkLXNlY3JldA=="}}""");
        desired.Root["data"]!["a"] = same;
        live.Root["data"]!["a"] = same;

        var diff = Differ.Diff(desired, live);

        Assert.Multiple(() =>
        {
            Assert.That(diff.Modified, Is.True);
            Assert.That(diff.ChangedPaths, Is.EqualTo(new[] { "data.b" }));
            Assert.That(diff.UnifiedDiff, Does.Not.Contain(same).And.Not.Contain("bmV3LXNlY3JldA==").And.Not.Contain("b2xkLXNlY3JldA=="));
            Assert.That((string?)diff.NormalizedLive!["data"]!["a"], Is.EqualTo((string?)diff.PredictedLive!["data"]!["a"]));
            Assert.That((string?)diff.NormalizedLive!["data"]!["b"], Is.Not.EqualTo((string?)diff.PredictedLive!["data"]!["b"]));
            Assert.That((string?)diff.NormalizedLive!["data"]!["b"], Does.Match("^\\++$"));
        });
    }

    [Test]
    public void Diff_LabelRemovedFromGit_ThreeWayModifiedTwoWayNot()
    {
        var desired = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1"}}}""");
        var lastApplied = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1","b":"2"}}}""";
        var live = WithLastApplied("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"1","b":"2"}}}""", lastApplied);

        var threeWay = Differ.Diff(desired, live, new DiffOptions { Strategy = DiffStrategy.ThreeWay });
        var twoWay = Differ.Diff(desired, live, new DiffOptions { Strategy = DiffStrategy.TwoWay });

        Assert.Multiple(() =>
        {
            Assert.That(threeWay.Modified, Is.True);
            Assert.That(threeWay.ChangedPaths, Is.EqualTo(new[] { "metadata.labels.b" }));
            Assert.That(twoWay.Modified, Is.False);
        });
    }

    [Test]
    public void Diff_SidecarInjectedByWebhook_NotModified()
    {
        var live = Obj(LiveDeployment);
        live.Root["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Insert(0, JsonNode.Parse("""{"name":"proxy","image":"proxy:1"}"""));

        Assert.That(Differ.Diff(Obj(DesiredDeployment), live).Modified, Is.False);
    }

    [Test]
    public void Diff_ContainerRemovedFromGitThatLastApplyHad_Modified()
    {
        var desired = Obj("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"a"}]}}""");
        var lastApplied = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b"}]}}""";
        var live = WithLastApplied("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"a"},{"name":"b","image":"b"}]}}""", lastApplied);

        var diff = Differ.Diff(desired, live);

        Assert.That(diff.ChangedPaths, Is.EqualTo(new[] { "spec.containers[name=b]" }));
    }

    [Test]
    public void Diff_ReplicasIgnoredByPointer_NotModified()
    {
        var live = Obj(LiveDeployment);
        live.Root["spec"]!["replicas"] = 5;
        var options = new DiffOptions
        {
            IgnoreDifferences = [new IgnoreDifferencesRule { Group = "apps", Kind = "Deployment", JsonPointers = ["/spec/replicas"] }],
        };

        Assert.Multiple(() =>
        {
            Assert.That(Differ.Diff(Obj(DesiredDeployment), live, options).Modified, Is.False);
            Assert.That(Differ.Diff(Obj(DesiredDeployment), live).Modified, Is.True);
        });
    }

    [Test]
    public void Diff_ReplicasOwnedByIgnoredManager_NotModified()
    {
        var live = Obj(LiveDeployment);
        live.Root["spec"]!["replicas"] = 7;
        var options = new DiffOptions
        {
            IgnoreDifferences = [new IgnoreDifferencesRule { Group = "*", Kind = "*", ManagedFieldsManagers = ["kube-controller-manager"] }],
        };

        Assert.That(Differ.Diff(Obj(DesiredDeployment), live, options).Modified, Is.False);
    }

    [Test]
    public void Diff_RuleForOtherName_DoesNotApply()
    {
        var live = Obj(LiveDeployment);
        live.Root["spec"]!["replicas"] = 5;
        var options = new DiffOptions
        {
            IgnoreDifferences = [new IgnoreDifferencesRule { Group = "apps", Kind = "Deployment", Name = "other", JsonPointers = ["/spec/replicas"] }],
        };

        Assert.That(Differ.Diff(Obj(DesiredDeployment), live, options).Modified, Is.True);
    }

    [Test]
    public void Diff_ImageIgnoredByExpression_NotModified()
    {
        var live = Obj(LiveDeployment);
        live.Root["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "web:rolled-by-bot";
        var options = new DiffOptions
        {
            IgnoreDifferences = [new IgnoreDifferencesRule
            {
                Group = "apps", Kind = "Deployment",
                PathExpressions = [".spec.template.spec.containers[] | select(.name == \"web\") | .image"],
            }],
        };

        Assert.That(Differ.Diff(Obj(DesiredDeployment), live, options).Modified, Is.False);
    }

    [Test]
    public void Diff_Missing_PredictedIsDesired()
    {
        var diff = Differ.Diff(Obj(DesiredDeployment), null);

        Assert.Multiple(() =>
        {
            Assert.That(diff.Modified, Is.True);
            Assert.That(diff.NormalizedLive, Is.Null);
            Assert.That(diff.PredictedLive!["spec"]!["replicas"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(diff.UnifiedDiff, Does.Contain("+"));
        });
    }

    [Test]
    public void Diff_Extraneous_PredictedIsNull()
    {
        var diff = Differ.Diff(null, Obj(LiveDeployment));

        Assert.Multiple(() =>
        {
            Assert.That(diff.Modified, Is.True);
            Assert.That(diff.PredictedLive, Is.Null);
        });
    }

    [Test]
    public void Diff_EmptyMapsLiveLacks_NotModified()
    {
        var desired = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{},"annotations":{}},"data":{}}""");
        var live = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","uid":"x"}}""");

        Assert.That(Differ.Diff(desired, live).Modified, Is.False);
    }

    [Test]
    public void Diff_StatusDifferenceWithCompareStatus_Modified()
    {
        var desired = Obj("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"a":1},"status":{"phase":"Ready"}}""");
        var live = Obj("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"a":1},"status":{"phase":"Pending"}}""");

        Assert.Multiple(() =>
        {
            Assert.That(Differ.Diff(desired, live).Modified, Is.False);
            Assert.That(Differ.Diff(desired, live, new DiffOptions { CompareStatus = true }).ChangedPaths, Is.EqualTo(new[] { "status.phase" }));
        });
    }

    [Test]
    public void Diff_CustomNormalizer_Applied()
    {
        var differ = new ManifestDiffer([new DropAnnotation("ci.example.com/build")]);
        var desired = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","annotations":{"ci.example.com/build":"1"}}}""");
        var live = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","annotations":{"ci.example.com/build":"2"}}}""");

        Assert.That(differ.Diff(desired, live).Modified, Is.False);
    }

    [Test]
    public void Diff_AtomicListOfObjectsWithDefaultedFields_NotModified()
    {
        var desired = Obj("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"rules":[{"host":"a"},{"host":"b"}]}}""");
        var live = Obj("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"rules":[{"host":"a","weight":1},{"host":"b","weight":1}]}}""");

        Assert.That(Differ.Diff(desired, live).Modified, Is.False);
    }

    [Test]
    public void Diff_ServicePortWithoutProtocol_MatchesDefaultedTcp()
    {
        var desired = Obj("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}""");
        var live = Obj("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"type":"ClusterIP","clusterIP":"10.0.0.1","ports":[{"port":80,"protocol":"TCP","targetPort":80}]}}""");

        Assert.That(Differ.Diff(desired, live).Modified, Is.False);
    }

    private sealed class DropAnnotation(string annotation) : IDiffNormalizer
    {
        public void Normalize(ResourceKey key, JsonObject obj) => obj["metadata"]?["annotations"]?.AsObject().Remove(annotation);
    }
}
