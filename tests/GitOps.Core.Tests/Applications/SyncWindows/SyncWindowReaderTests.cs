using GitOps.Applications;
using GitOps.Applications.SyncWindows;
using GitOps.Manifests;

namespace GitOps.Tests.Applications.SyncWindows;

public sealed class SyncWindowReaderTests
{
    [Test]
    public void Read_AppProjectWindows_MapsEveryField()
    {
        var (windows, diagnostics) = SyncWindowReader.Read(Project("""
              syncWindows:
                - kind: allow
                  schedule: '10 1 * * *'
                  duration: 1h
                  applications: ['*-prod']
                  namespaces: [web]
                  clusters: [in-cluster]
                  manualSync: true
                  timeZone: Europe/Berlin
                  andOperator: true
                  description: nightly
                - kind: deny
                  schedule: '0 22 * * *'
                  duration: 90m
                  namespaces: [default]
            """));
        Assert.That(diagnostics, Is.Empty, string.Join("\n", diagnostics));
        Assert.That(windows, Has.Count.EqualTo(2));
        var allow = windows[0];
        Assert.Multiple(() =>
        {
            Assert.That(allow.Kind, Is.EqualTo(SyncWindowKind.Allow));
            Assert.That(allow.Schedule.Expression, Is.EqualTo("10 1 * * *"));
            Assert.That(allow.Duration, Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(allow.Applications, Is.EqualTo(new[] { "*-prod" }));
            Assert.That(allow.Namespaces, Is.EqualTo(new[] { "web" }));
            Assert.That(allow.Clusters, Is.EqualTo(new[] { "in-cluster" }));
            Assert.That(allow.ManualSync && allow.UseAndOperator, Is.True);
            Assert.That(allow.TimeZone.Id, Is.EqualTo("Europe/Berlin"));
            Assert.That(allow.Description, Is.EqualTo("nightly"));
            Assert.That(windows[1].Kind, Is.EqualTo(SyncWindowKind.Deny));
            Assert.That(windows[1].Duration, Is.EqualTo(TimeSpan.FromMinutes(90)));
        });
    }

    [Test]
    public void Read_InvalidWindows_AreLeftOutWithErrorsNamingTheItem()
    {
        var (windows, diagnostics) = SyncWindowReader.Read(Project("""
              syncWindows:
                - {kind: allow, schedule: '* * *', duration: 1h, applications: ['*']}
                - {kind: deny, schedule: '* * * * *', duration: 5x, applications: ['*']}
                - {kind: maybe, schedule: '* * * * *', duration: 1h, applications: ['*']}
                - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*'], manualSync: 'yes please'}
                - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*'], syncOverrun: true, colour: red}
                - {kind: deny, schedule: '* * * * *', duration: 1h}
            """));
        var errors = diagnostics.Where(d => d.Severity == ApplicationDiagnosticSeverity.Error).ToList();
        var warnings = diagnostics.Where(d => d.Severity == ApplicationDiagnosticSeverity.Warning).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(windows, Has.Count.EqualTo(2));
            Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[]
            {
                "spec.syncWindows[0]", "spec.syncWindows[1]", "spec.syncWindows[2]", "spec.syncWindows[3].manualSync",
            }));
            Assert.That(errors[0].Message, Does.Contain("has 3 field(s)"));
            Assert.That(errors[1].Message, Does.Contain("unknown unit 'x'"));
            Assert.That(errors[2].Message, Does.Contain("allow or deny"));
            Assert.That(warnings.Select(w => w.Field), Is.EqualTo(new[] { "spec.syncWindows[4].syncOverrun", "spec.syncWindows[4].colour", "spec.syncWindows[5]" }));
            Assert.That(errors[0].ToString(), Does.StartWith("project.yaml:1:1: error: spec.syncWindows[0]: "));
        });
    }

    [Test]
    public void Read_NotAnAppProject_IsAnError()
    {
        var config = ManifestReader.Default.Read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "c.yaml")[0];
        Assert.That(SyncWindowReader.Read(config).Diagnostics.Single().Message, Does.Contain("expected an AppProject"));
    }

    private static ManifestObject Project(string spec) =>
        ManifestReader.Default.Read("apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: default}\nspec:\n" + spec, "project.yaml")[0];
}
