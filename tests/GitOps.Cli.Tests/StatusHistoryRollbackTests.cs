namespace GitOps.Cli.Tests;

public sealed class StatusHistoryRollbackTests : ClusterCommandTest
{
    [Test]
    public async Task Status_AfterSyncAndNewCommit_TableYamlAndJson()
    {
        var first = CommitConfigMap("settings", "1");
        await CliRun.RunAsync(["sync", .. Inline()]);
        var second = CommitConfigMap("settings", "2");

        var (code, table, error) = await CliRun.RunAsync(["status", .. Inline()]);
        var (_, yaml, _) = await CliRun.RunAsync(["status", .. Inline("-o", "yaml")]);
        var (_, json, _) = await CliRun.RunAsync(["status", .. Inline("-o", "json")]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(table, Does.Contain("Sync status:  OutOfSync").And.Contain("Health:       Healthy").And.Contain($"Revision:     {second}"));
            Assert.That(table, Does.Contain($"Last synced:  {first[..12]}"));
            Assert.That(table, Does.Match(@"ConfigMap\s+" + App + @"\s+settings\s+OutOfSync"));
            Assert.That(yaml, Does.Contain("syncStatus: OutOfSync").And.Contain($"revision: \"{second}\"").Or.Contain($"revision: {second}"));
            Assert.That(json, Does.Contain("\"syncStatus\": \"OutOfSync\""));
        });
    }

    [Test]
    public async Task HistoryAndRollback_AcrossInvocations_RestoreTheFirstRevision()
    {
        var first = CommitConfigMap("settings", "1");
        await CliRun.RunAsync(["sync", .. Inline()]);
        var second = CommitConfigMap("settings", "2");
        await CliRun.RunAsync(["sync", .. Inline()]);

        var (historyCode, history, historyError) = await CliRun.RunAsync(["history", .. Inline()]);
        var (code, output, error) = await CliRun.RunAsync(["rollback", .. Inline(), "1"]);
        var (_, json, _) = await CliRun.RunAsync(["history", .. Inline("-o", "json")]);

        Assert.Multiple(async () =>
        {
            Assert.That(historyCode, Is.Zero, historyError);
            Assert.That(history, Does.Match(@"ID\s+REVISION\s+DEPLOYED AT\s+RESULT"));
            Assert.That(history, Does.Match(@"1\s+" + first[..12] + @"\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+1 created"));
            Assert.That(history, Does.Match(@"2\s+" + second[..12]));
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain($"Sync Succeeded at {first[..12]}"));
            Assert.That(await LiveValueAsync("settings"), Is.EqualTo("1"));
            Assert.That(json, Does.Contain("\"id\": 3").And.Contain(first));
        });
    }

    [Test]
    public async Task Rollback_ApplicationFileUnknownId_ExitOneListingIds()
    {
        CommitConfigMap("settings", "1");
        var file = WriteApplication();
        await CliRun.RunAsync(["sync", file, .. Cluster]);

        var (code, _, error) = await CliRun.RunAsync(["rollback", file, "42", .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("no history entry 42").And.Contain("it has 1"));
        });
    }

    [Test]
    public async Task Rollback_AutomatedApplication_RefusedExitOne()
    {
        CommitConfigMap("settings", "1");
        var file = WriteApplication(automated: true);
        await CliRun.RunAsync(["sync", file, .. Cluster]);

        var (code, _, error) = await CliRun.RunAsync(["rollback", file, "1", .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("automated sync"));
        });
    }

    [Test]
    public async Task History_NeverSynced_SaysSo()
    {
        CommitConfigMap("settings", "1");

        var (code, output, error) = await CliRun.RunAsync(["history", .. Inline()]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("no history yet"));
        });
    }

    [Test]
    public async Task Status_UnknownRevision_ExitOneWithTheRenderError()
    {
        CommitConfigMap("settings", "1");
        var file = WriteApplication(revision: "no-such-branch");

        var (code, output, error) = await CliRun.RunAsync(["status", file, .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("ComparisonError").And.Contain("no-such-branch"));
            AssertNoToken(output, error);
        });
    }

    [Test]
    public async Task Status_AutomatedApplication_ReportsWithoutSyncing()
    {
        CommitConfigMap("settings", "1");
        var file = WriteApplication(automated: true);

        var (code, output, error) = await CliRun.RunAsync(["status", file, .. Cluster]);

        Assert.Multiple(async () =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("Sync status:  OutOfSync"));
            Assert.That(await LiveValueAsync("settings"), Is.Null, "status only looks, even for an automated application");
        });
    }

    [Test]
    public async Task Status_FileWithTwoApplications_NeedsNameThenUsesIt()
    {
        CommitConfigMap("settings", "1");
        var file = WriteApplication();
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text + "---\n" + text.Replace($"name: {App}", "name: other", StringComparison.Ordinal));

        var (ambiguous, _, ambiguousError) = await CliRun.RunAsync(["status", file, .. Cluster]);
        var (code, output, error) = await CliRun.RunAsync(["status", file, "--name", App, .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(ambiguous, Is.EqualTo(1));
            Assert.That(ambiguousError, Does.Contain("holds 2 Applications").And.Contain("--name"));
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain($"Application:  {App}"));
        });
    }
}
