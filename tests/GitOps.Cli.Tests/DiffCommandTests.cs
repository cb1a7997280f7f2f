namespace GitOps.Cli.Tests;

public sealed class DiffCommandTests : ClusterCommandTest
{
    [Test]
    public async Task Diff_NothingDeployed_MissingResourcesWithSecretMaskedExitCodeOne()
    {
        CommitConfigMap("settings", "1", secret: "hunter2");

        var (code, output, error) = await CliRun.RunAsync(["diff", .. Inline("--exit-code")]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), error);
            Assert.That(output, Does.Contain($"===== ConfigMap {App}/settings (missing: a sync creates it) =====").And.Contain("+  value: \"1\""));
            Assert.That(output, Does.Contain($"Secret {App}/creds").And.Contain("password: ++++++++"));
            Assert.That(output + error, Does.Not.Contain("hunter2").And.Not.Contain("aHVudGVyMg"), "secret values are masked, plain and base64");
            Assert.That(error, Does.Contain("2 of 2 resources differ"));
            AssertNoToken(output, error);
        });
    }

    [Test]
    public async Task Diff_AfterSyncThenLiveEdit_ShowsOnlyTheEditedField()
    {
        CommitConfigMap("settings", "1");
        var (synced, _, syncError) = await CliRun.RunAsync(["sync", .. Inline()]);
        var (clean, cleanOutput, _) = await CliRun.RunAsync(["diff", .. Inline("--exit-code")]);
        CommitConfigMap("settings", "2");

        var (code, output, error) = await CliRun.RunAsync(["diff", .. Inline()]);

        Assert.Multiple(() =>
        {
            Assert.That(synced, Is.Zero, syncError);
            Assert.That(clean, Is.Zero, "nothing differs right after a sync");
            Assert.That(cleanOutput, Is.Empty);
            Assert.That(code, Is.Zero, "without --exit-code differences are not a failure");
            Assert.That(output, Does.Contain("(out of sync)").And.Contain("-  value: \"1\"").And.Contain("+  value: \"2\""));
            Assert.That(error, Does.Contain("1 of 1 resources differ"));
        });
    }

    [Test]
    public async Task Diff_ColourOnTerminal_AddedLinesGreen()
    {
        CommitConfigMap("settings", "1");

        var (_, output, _) = await CliRun.RunColoredAsync(["diff", .. Inline()]);
        var (_, plain, _) = await CliRun.RunAsync(["diff", .. Inline()]);

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("\u001b[32m+  value: \"1\"\u001b[0m"));
            Assert.That(plain, Does.Not.Contain("\u001b["), "no colour when not on a terminal");
        });
    }

    [Test]
    public async Task Diff_BaseRevision_AddedRemovedChangedWithoutCluster()
    {
        CommitConfigMap("kept", "1");
        CommitConfigMap("dropped", "1");
        Repo.Tag("v1");
        CommitConfigMap("kept", "2");
        Repo.Delete("app/dropped.yaml");
        CommitConfigMap("fresh", "1");

        // No cluster flags at all: the review of a change needs none.
        var (code, output, error) = await CliRun.RunAsync(
            "diff", "--repo", Repo.FileUrl, "--path", "app", "--name", App, "--base-revision", "v1", "--exit-code");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), error);
            Assert.That(output, Does.Contain("ConfigMap default/fresh (added)").Or.Contain("ConfigMap fresh (added)"));
            Assert.That(output, Does.Contain("dropped (removed)"));
            Assert.That(output, Does.Contain("kept (changed)").And.Contain("-  value: \"1\"").And.Contain("+  value: \"2\""));
            Assert.That(error, Does.Contain("1 added, 1 removed, 1 changed"));
        });
    }

    [Test]
    public async Task Diff_BaseRevisionJson_ListsChangedPaths()
    {
        CommitConfigMap("kept", "1");
        Repo.Tag("v1");
        CommitConfigMap("kept", "2");

        var (code, output, error) = await CliRun.RunAsync(
            "diff", "--repo", Repo.FileUrl, "--path", "app", "--base-revision", "v1", "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("\"status\": \"changed\"").And.Contain("\"data.value\""));
        });
    }

    [Test]
    public async Task Diff_UnknownBaseRevision_OneLineErrorExitOne()
    {
        CommitConfigMap("settings", "1");

        var (code, _, error) = await CliRun.RunAsync("diff", "--repo", Repo.FileUrl, "--path", "app", "--base-revision", "nope");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error.Trim().Split('\n')[^1], Does.StartWith("error: ").And.Contain("'nope'"));
        });
    }

    [Test]
    public async Task Diff_JsonAgainstCluster_StatusAndPathsPerResource()
    {
        CommitConfigMap("settings", "1");
        await CliRun.RunAsync(["sync", .. Inline()]);
        CommitConfigMap("settings", "2");

        var (code, output, error) = await CliRun.RunAsync(["diff", .. Inline("-o", "json")]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output.TrimStart(), Does.StartWith("["));
            Assert.That(output, Does.Contain("\"status\": \"out of sync\"").And.Contain("\"data.value\"").And.Contain("\"name\": \"settings\""));
        });
    }
}
