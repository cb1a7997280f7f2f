using GitOps.Applications;
using GitOps.Apply;
using GitOps.Cluster;
using GitOps.Sync;

namespace GitOps.Tests.Applications;

public sealed class ApplicationSyncOptionsTests
{
    [Test]
    public void Parse_NoOptions_KeepsDefaults()
    {
        var result = ApplicationSyncOptions.Parse([]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Options, Is.EqualTo(new SyncOptions()));
            Assert.That(result.Validate, Is.True);
            Assert.That(result.ClientSideApplyMigration, Is.True);
            Assert.That(result.Diagnostics, Is.Empty);
        });
    }

    [Test]
    public void Parse_EveryRecognisedOption_MapsToEngineOptions()
    {
        var result = ApplicationSyncOptions.Parse(
        [
            "Prune=confirm", "PruneLast=true", "PrunePropagationPolicy=background", "CreateNamespace=true", "ApplyOutOfSyncOnly=true",
            "ServerSideApply=false", "Force=true", "RespectIgnoreDifferences=true", "FailOnSharedResource=true",
            "SkipDryRunOnMissingResource=true", "ClientSideApplyMigration=false",
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Options.Prune, Is.EqualTo(PruneMode.Confirm));
            Assert.That(result.Options.PruneLast, Is.True);
            Assert.That(result.Options.PrunePropagation, Is.EqualTo(PropagationPolicy.Background));
            Assert.That(result.Options.CreateNamespace, Is.True);
            Assert.That(result.Options.ApplyOutOfSyncOnly, Is.True);
            Assert.That(result.Options.Strategy, Is.EqualTo(ApplyStrategy.ClientSide));
            Assert.That(result.Options.RecreateOnImmutableChange, Is.True);
            Assert.That(result.ServerSideApply, Is.False);
            Assert.That(result.RespectIgnoreDifferences, Is.True);
            Assert.That(result.FailOnSharedResource, Is.True);
            Assert.That(result.SkipDryRunOnMissingResource, Is.True);
            Assert.That(result.ClientSideApplyMigration, Is.False);
        });
    }

    [TestCase("Prune=false", PruneMode.Off)]
    [TestCase("Prune=true", PruneMode.On)]
    [TestCase("Prune=Confirm", PruneMode.Confirm)]
    public void Parse_Prune_SetsMode(string option, PruneMode expected)
    {
        Assert.That(ApplicationSyncOptions.Parse([option], new SyncOptions { Prune = PruneMode.On }).Options.Prune, Is.EqualTo(expected));
    }

    [Test]
    public void Parse_ReplaceWinsOverServerSideApply()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ApplicationSyncOptions.Parse(["ServerSideApply=true", "Replace=true"]).Options.Strategy, Is.EqualTo(ApplyStrategy.Replace));
            Assert.That(ApplicationSyncOptions.Parse(["Replace=true", "ServerSideApply=true"]).Options.Strategy, Is.EqualTo(ApplyStrategy.Replace));
            Assert.That(ApplicationSyncOptions.Parse(["ServerSideApply=true"], new SyncOptions { Strategy = ApplyStrategy.ClientSide }).Options.Strategy, Is.EqualTo(ApplyStrategy.ServerSide));
        });
    }

    [Test]
    public void Parse_ValidateFalse_KeptWithWarning()
    {
        var result = ApplicationSyncOptions.Parse(["Validate=false"]);
        Assert.That(result.Validate, Is.False);
        Assert.That(result.Diagnostics.Single().Message, Does.Contain("no effect"));
    }

    [TestCase("Delete=confirm", "does not manage")]
    [TestCase("NoEquals", "not of the form Key=value")]
    [TestCase("=true", "not of the form Key=value")]
    [TestCase("PruneLast=yes", "expected true or false")]
    [TestCase("Prune=maybe", "expected false, true or confirm")]
    [TestCase("PrunePropagationPolicy=sideways", "expected foreground, background or orphan")]
    [TestCase("serverSideApply=true", "did you mean ServerSideApply")]
    [TestCase("Unheard=true", "unknown sync option 'Unheard=true'")]
    public void Parse_BadOption_WarnsNamingTheItem(string option, string message)
    {
        var result = ApplicationSyncOptions.Parse(["CreateNamespace=true", option]);
        var warning = result.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(warning.Severity, Is.EqualTo(ApplicationDiagnosticSeverity.Warning));
            Assert.That(warning.Field, Is.EqualTo("spec.syncPolicy.syncOptions[1]"));
            Assert.That(warning.Message, Does.Contain(message));
            Assert.That(result.Options.CreateNamespace, Is.True);
        });
    }

    [Test]
    public void From_AutomatedPrune_TurnsPruningOnOnlyWhenEnabled()
    {
        static Application App(AutomatedSyncPolicy? automated, params string[] options) => new()
        {
            Metadata = new ApplicationMetadata { Name = "a", Namespace = "argocd" },
            Spec = new ApplicationSpec { SyncPolicy = new ApplicationSyncPolicy { Automated = automated, SyncOptions = options } },
        };

        Assert.Multiple(() =>
        {
            Assert.That(ApplicationSyncOptions.From(App(new AutomatedSyncPolicy { Prune = true })).Options.Prune, Is.EqualTo(PruneMode.On));
            Assert.That(ApplicationSyncOptions.From(App(new AutomatedSyncPolicy { Prune = true, Enabled = false })).Options.Prune, Is.EqualTo(PruneMode.Off));
            Assert.That(ApplicationSyncOptions.From(App(new AutomatedSyncPolicy())).Options.Prune, Is.EqualTo(PruneMode.Off));
            Assert.That(ApplicationSyncOptions.From(App(new AutomatedSyncPolicy { Prune = true }, "Prune=confirm")).Options.Prune, Is.EqualTo(PruneMode.Confirm));
            Assert.That(ApplicationSyncOptions.From(App(null, "Bogus=1")).Diagnostics.Single().Application, Is.EqualTo("argocd/a"));
        });
    }
}
