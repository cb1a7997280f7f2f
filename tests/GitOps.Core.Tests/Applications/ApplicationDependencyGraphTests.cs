using GitOps.Applications;

namespace GitOps.Tests.Applications;

public sealed class ApplicationDependencyGraphTests
{
    private static Application App(string name, string ns = "team", params string[] dependsOn) => new()
    {
        Metadata = new ApplicationMetadata { Name = name, Namespace = ns },
        Spec = new ApplicationSpec { DependsOn = [.. dependsOn.Select(ApplicationReference.Parse)] },
    };

    [Test]
    public void Build_OrdersApplicationsInWaves()
    {
        var graph = ApplicationDependencyGraph.Build(
        [
            App("web", "team", "api", "infra/network"),
            App("api", "team", "db"),
            App("db", "team", "infra/network"),
            App("network", "infra"),
            App("docs"),
        ]);
        Assert.That(graph.Diagnostics, Is.Empty);
        Assert.That(graph.Waves.Select(w => w.Select(a => a.QualifiedName)), Is.EqualTo(new[]
        {
            new[] { "infra/network", "team/docs" },
            new[] { "team/db" },
            new[] { "team/api" },
            new[] { "team/web" },
        }));
    }

    [Test]
    public void Build_MissingDependency_IsAnErrorAndBlocksItsDependents()
    {
        var graph = ApplicationDependencyGraph.Build([App("web", "team", "api", "cache"), App("site", "team", "web"), App("docs")]);
        Assert.Multiple(() =>
        {
            Assert.That(graph.Diagnostics.Select(d => d.Field), Is.EqualTo(new[] { "spec.dependsOn[0]", "spec.dependsOn[1]" }));
            Assert.That(graph.Diagnostics[0].Message, Is.EqualTo("depends on application team/api, which does not exist"));
            Assert.That(graph.Diagnostics[0].Application, Is.EqualTo("team/web"));
            // web waits for what does not exist, and site for web.
            Assert.That(graph.Waves.Single().Single().Name, Is.EqualTo("docs"));
        });
    }

    [Test]
    public void Build_Cycle_IsReportedOnceAndLeftOutWithItsDependents()
    {
        var graph = ApplicationDependencyGraph.Build(
        [
            App("a", "team", "b"),
            App("b", "team", "c"),
            App("c", "team", "a"),
            App("d", "team", "a"),
            App("e"),
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(graph.Waves.SelectMany(w => w).Select(a => a.Name), Is.EqualTo(new[] { "e" }));
            Assert.That(graph.Diagnostics.Single().Message, Is.EqualTo("dependency cycle: team/a -> team/b -> team/c -> team/a"));
        });
    }

    [Test]
    public void Build_SelfDependency_IsACycle()
    {
        var graph = ApplicationDependencyGraph.Build([App("a", "team", "a")]);
        Assert.That(graph.Diagnostics.Single().Message, Is.EqualTo("dependency cycle: team/a -> team/a"));
    }

    [Test]
    public void DependenciesOf_ListsDirectDependencies()
    {
        var web = App("web", "team", "api");
        var graph = ApplicationDependencyGraph.Build([web, App("api")]);
        Assert.That(graph.DependenciesOf(web).Single().Name, Is.EqualTo("api"));
    }

    [Test]
    public void Build_DuplicateNames_Throw()
    {
        Assert.Throws<ArgumentException>(() => ApplicationDependencyGraph.Build([App("a"), App("a")]));
    }
}
