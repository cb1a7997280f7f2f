using GitOps.Applications;
using GitOps.Applications.SyncWindows;

namespace GitOps.Tests.Applications.SyncWindows;

public sealed class SyncWindowEvaluatorTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static Application App(string name = "web-prod", string ns = "web", string? server = "https://prod.example.com", string? cluster = null) => new()
    {
        Metadata = new ApplicationMetadata { Name = name },
        Spec = new ApplicationSpec { Destination = new ApplicationDestination { Server = server, Name = cluster, Namespace = ns } },
    };

    private static SyncWindow Window(string kind, string schedule, string duration, string[]? apps = null, bool manual = false, string? timeZone = null) =>
        SyncWindow.Create(kind, schedule, duration, timeZone) with { Applications = apps ?? ["*"], ManualSync = manual };

    [Test]
    public void Evaluate_NoWindows_AllowsEverything()
    {
        var decision = new SyncWindowEvaluator([]).Evaluate(App(), Monday10);
        Assert.Multiple(() =>
        {
            Assert.That(decision.AutomatedSyncAllowed, Is.True);
            Assert.That(decision.ManualSyncAllowed, Is.True);
            Assert.That(decision.NextAutomatedSyncAllowedAt, Is.EqualTo(Monday10));
        });
    }

    [Test]
    public void Evaluate_ActiveDeny_BlocksBothUntilItEnds()
    {
        var evaluator = new SyncWindowEvaluator([Window("deny", "0 9 * * *", "2h")]);
        var decision = evaluator.Evaluate(App(), Monday10);
        Assert.Multiple(() =>
        {
            Assert.That(decision.AutomatedSyncAllowed, Is.False);
            Assert.That(decision.ManualSyncAllowed, Is.False);
            Assert.That(decision.ActiveWindows, Has.Count.EqualTo(1));
            Assert.That(decision.NextAutomatedSyncAllowedAt, Is.EqualTo(Monday10.AddHours(1)));
            Assert.That(decision.NextManualSyncAllowedAt, Is.EqualTo(Monday10.AddHours(1)));
        });
    }

    [Test]
    public void Evaluate_WindowEdges_StartInclusiveEndExclusive()
    {
        var evaluator = new SyncWindowEvaluator([Window("deny", "0 9 * * *", "1h")]);
        var nine = Monday10.AddHours(-1);
        Assert.Multiple(() =>
        {
            Assert.That(evaluator.Evaluate(App(), nine.AddTicks(-1)).AutomatedSyncAllowed, Is.True);
            Assert.That(evaluator.Evaluate(App(), nine).AutomatedSyncAllowed, Is.False);
            Assert.That(evaluator.Evaluate(App(), Monday10.AddTicks(-1)).AutomatedSyncAllowed, Is.False);
            Assert.That(evaluator.Evaluate(App(), Monday10).AutomatedSyncAllowed, Is.True);
        });
    }

    [Test]
    public void Evaluate_DenyWithManualSync_AllowsManualOnly()
    {
        var decision = new SyncWindowEvaluator([Window("deny", "0 9 * * *", "2h", manual: true)]).Evaluate(App(), Monday10);
        Assert.Multiple(() =>
        {
            Assert.That(decision.AutomatedSyncAllowed, Is.False);
            Assert.That(decision.ManualSyncAllowed, Is.True);
            Assert.That(decision.NextManualSyncAllowedAt, Is.EqualTo(Monday10));
        });
    }

    [Test]
    public void Evaluate_TwoActiveDenies_ManualNeedsBothToAllowIt()
    {
        var decision = new SyncWindowEvaluator([Window("deny", "0 9 * * *", "2h", manual: true), Window("deny", "30 9 * * *", "1h")]).Evaluate(App(), Monday10);
        Assert.That(decision.ManualSyncAllowed, Is.False);
    }

    [Test]
    public void Evaluate_DenyWinsOverActiveAllow()
    {
        var decision = new SyncWindowEvaluator([Window("allow", "0 8 * * *", "4h"), Window("deny", "0 10 * * *", "30m")]).Evaluate(App(), Monday10);
        Assert.Multiple(() =>
        {
            Assert.That(decision.AutomatedSyncAllowed, Is.False);
            Assert.That(decision.NextAutomatedSyncAllowedAt, Is.EqualTo(Monday10.AddMinutes(30)));
        });
    }

    [Test]
    public void Evaluate_OnlyInactiveAllows_BlocksUntilTheNextOpens()
    {
        // Weekdays from 22:00 for 2 hours.
        var evaluator = new SyncWindowEvaluator([Window("allow", "0 22 * * MON-FRI", "2h")]);
        var decision = evaluator.Evaluate(App(), Monday10);
        Assert.Multiple(() =>
        {
            Assert.That(decision.AutomatedSyncAllowed, Is.False);
            Assert.That(decision.ManualSyncAllowed, Is.False);
            Assert.That(decision.NextAutomatedSyncAllowedAt, Is.EqualTo(Monday10.AddHours(12)));
            Assert.That(evaluator.Evaluate(App(), Monday10.AddHours(13)).AutomatedSyncAllowed, Is.True);
        });
    }

    [Test]
    public void Evaluate_InactiveAllowWithManualSync_AllowsManual()
    {
        var decision = new SyncWindowEvaluator([Window("allow", "0 22 * * *", "1h", manual: true)]).Evaluate(App(), Monday10);
        Assert.That(decision.ManualSyncAllowed, Is.True);
        Assert.That(decision.AutomatedSyncAllowed, Is.False);
    }

    [Test]
    public void Evaluate_NonMatchingWindows_AreIgnored()
    {
        var evaluator = new SyncWindowEvaluator([Window("deny", "* * * * *", "1h", apps: ["*-staging"])]);
        var decision = evaluator.Evaluate(App("web-prod"), Monday10);
        Assert.That(decision.AutomatedSyncAllowed, Is.True);
        Assert.That(decision.MatchingWindows, Is.Empty);
        Assert.That(evaluator.Evaluate(App("web-staging"), Monday10).AutomatedSyncAllowed, Is.False);
    }

    [Test]
    public void Evaluate_PermanentDeny_HasNoNextTimeWithinHorizon()
    {
        var decision = new SyncWindowEvaluator([Window("deny", "* * * * *", "1h")], searchHorizon: TimeSpan.FromDays(2)).Evaluate(App(), Monday10);
        Assert.That(decision.AutomatedSyncAllowed, Is.False);
        Assert.That(decision.NextAutomatedSyncAllowedAt, Is.Null);
    }

    [Test]
    public void Evaluate_OverlappingDenyOccurrences_NextAllowedIsAfterTheLast()
    {
        // Opens every 20 minutes from 09:00 to 10:40 (the 10:40 one is the last) for 30 minutes each: closed until 11:10.
        var decision = new SyncWindowEvaluator([Window("deny", "*/20 9-10 * * *", "30m")]).Evaluate(App(), Monday10);
        Assert.That(decision.NextAutomatedSyncAllowedAt, Is.EqualTo(Monday10.AddMinutes(70)));
    }

    [Test]
    public void Evaluate_DenyEndsIntoInactiveAllow_WaitsForTheAllow()
    {
        var evaluator = new SyncWindowEvaluator([Window("deny", "0 9 * * *", "2h"), Window("allow", "0 12 * * *", "1h")]);
        Assert.That(evaluator.Evaluate(App(), Monday10).NextAutomatedSyncAllowedAt, Is.EqualTo(Monday10.AddHours(2)));
    }

    [Test]
    public void Evaluate_TimeZone_SchedulesInLocalTime()
    {
        // 09:00 in Tokyo (UTC+9) is 00:00 UTC; a 12-hour deny covers 10:00 UTC… until 12:00 UTC.
        var evaluator = new SyncWindowEvaluator([Window("deny", "0 9 * * *", "12h", timeZone: "Asia/Tokyo")]);
        var decision = evaluator.Evaluate(App(), Monday10);
        Assert.That(decision.AutomatedSyncAllowed, Is.False);
        Assert.That(decision.NextAutomatedSyncAllowedAt, Is.EqualTo(Monday10.AddHours(2)));
    }

    [Test]
    public void Evaluate_UsesTimeProvider()
    {
        var clock = new FixedTimeProvider(Monday10);
        var evaluator = new SyncWindowEvaluator([Window("deny", "0 9 * * *", "2h")], clock);
        Assert.That(evaluator.Evaluate(App()).At, Is.EqualTo(Monday10));
        Assert.That(evaluator.CanSync(App(), manual: false), Is.False);
        clock.Now = Monday10.AddHours(1);
        Assert.That(evaluator.CanSync(App(), manual: false), Is.True);
    }

    [Test]
    public void Matches_OrAcrossSelectorsByDefault_AndWithAndOperator()
    {
        var window = SyncWindow.Create("deny", "* * * * *", "1h") with { Applications = ["web-*"], Namespaces = ["db"] };
        var and = window with { UseAndOperator = true };
        Assert.Multiple(() =>
        {
            Assert.That(window.Matches(App("web-prod", "web")), Is.True);
            Assert.That(window.Matches(App("api", "db")), Is.True);
            Assert.That(window.Matches(App("api", "web")), Is.False);
            Assert.That(and.Matches(App("web-prod", "web")), Is.False);
            Assert.That(and.Matches(App("web-prod", "db")), Is.True);
        });
    }

    [Test]
    public void Matches_ClusterByNameOrServer_AndNoSelectorMatchesNothing()
    {
        var byCluster = SyncWindow.Create("deny", "* * * * *", "1h") with { Clusters = ["prod-*", "https://prod.*"] };
        Assert.Multiple(() =>
        {
            Assert.That(byCluster.Matches(App(server: null, cluster: "prod-eu")), Is.True);
            Assert.That(byCluster.Matches(App(server: "https://prod.example.com")), Is.True);
            Assert.That(byCluster.Matches(App(server: "https://dev.example.com")), Is.False);
            Assert.That(SyncWindow.Create("deny", "* * * * *", "1h").Matches(App()), Is.False);
        });
    }

    [TestCase("block", "* * * * *", "1h", null, "kind 'block'")]
    [TestCase("deny", "* * *", "1h", null, "schedule")]
    [TestCase("deny", "* * * * *", "1x", null, "unknown unit 'x'")]
    [TestCase("deny", "* * * * *", "0s", null, "must be positive")]
    [TestCase("deny", "* * * * *", "1h", "Mars/Olympus", "not a known IANA time zone")]
    public void Create_Invalid_ThrowsNamingTheField(string kind, string schedule, string duration, string? timeZone, string message)
    {
        var error = Assert.Throws<FormatException>(() => SyncWindow.Create(kind, schedule, duration, timeZone));
        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void Create_BadGlob_Throws()
    {
        Assert.Throws<FormatException>(() => _ = SyncWindow.Create("deny", "* * * * *", "1h") with { Applications = ["[a"] });
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
