namespace GitOps.Cli.Tests;

public sealed class SyncCommandTests : ClusterCommandTest
{
    [Test]
    public async Task Sync_ApplicationFileWithDeployment_CreatesWaitsHealthyAndShowsProgress()
    {
        CommitConfigMap("settings", "1");
        WriteDeployment("web", "nginx:1.27", replicas: 2);
        Repo.Commit("web");
        var file = WriteApplication();

        var (code, output, error) = await CliRun.RunAsync(["sync", file, .. Cluster]);

        Assert.Multiple(async () =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(error, Does.Contain("Sync phase, wave 0").And.Contain($"Deployment.apps {App}/web: created"));
            Assert.That(output, Does.Contain("Sync Succeeded").And.Contain($"Application {App} is Healthy."));
            Assert.That(await LiveValueAsync("settings"), Is.EqualTo("1"));
            AssertNoToken(output, error);
        });
    }

    [Test]
    public async Task Sync_DryRun_ChangesNothing()
    {
        CommitConfigMap("settings", "1");

        var (code, output, error) = await CliRun.RunAsync(["sync", .. Inline("--dry-run")]);

        Assert.Multiple(async () =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("(dry run)"));
            Assert.That(await LiveValueAsync("settings"), Is.Null);
        });
    }

    [Test]
    public async Task Sync_Prune_DeletesWhatGitRemoved()
    {
        CommitConfigMap("a", "1");
        CommitConfigMap("b", "1");
        await CliRun.RunAsync(["sync", .. Inline()]);
        Repo.Delete("app/a.yaml");
        Repo.Commit("remove a");

        var (kept, _, _) = await CliRun.RunAsync(["sync", .. Inline()]);
        var stillThere = await LiveValueAsync("a");
        var (code, output, error) = await CliRun.RunAsync(["sync", .. Inline("--prune")]);

        Assert.Multiple(async () =>
        {
            Assert.That(kept, Is.Zero);
            Assert.That(stillThere, Is.EqualTo("1"), "without --prune the removed ConfigMap stays");
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("Pruned"));
            Assert.That(await LiveValueAsync("a"), Is.Null);
            Assert.That(await LiveValueAsync("b"), Is.EqualTo("1"));
        });
    }

    [Test]
    public async Task Sync_ServerRejectsManifest_ExitOneWithReason()
    {
        Repo.WriteFile("app/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Valid_Name\ndata: {a: b}\n");
        Repo.Commit("bad");

        var (code, output, error) = await CliRun.RunAsync(["sync", .. Inline()]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("Sync Failed").And.Contain("Not_A_Valid_Name"));
            AssertNoToken(output, error);
        });
    }

    [Test]
    public async Task Sync_DeploymentNeverHealthy_ExitOneAfterTimeout()
    {
        // The emulator crash-loops pods whose image carries its failure marker.
        WriteDeployment("web", "example/fail:1");
        Repo.Commit("crashing web");

        var (code, output, error) = await CliRun.RunAsync(["sync", .. Inline("--timeout", "2s")]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(output, Does.Contain("Sync Succeeded"), "the apply itself worked");
            Assert.That(output, Does.Contain("Timed out after 2s waiting for health").Or.Contain("is Degraded"));
            Assert.That(error, Does.Contain("Health: Progressing"));
        });
    }

    [Test]
    public async Task Sync_ImmutableConfigMapChanged_FailsWithoutForceRecreatedWithIt()
    {
        Repo.WriteFile("app/frozen.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\nimmutable: true\ndata:\n  value: \"1\"\n");
        Repo.Commit("frozen 1");
        await CliRun.RunAsync(["sync", .. Inline()]);
        Repo.WriteFile("app/frozen.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frozen\nimmutable: true\ndata:\n  value: \"2\"\n");
        Repo.Commit("frozen 2");

        var (refused, refusedOutput, _) = await CliRun.RunAsync(["sync", .. Inline()]);
        var (code, output, error) = await CliRun.RunAsync(["sync", .. Inline("--force")]);

        Assert.Multiple(async () =>
        {
            Assert.That(refused, Is.EqualTo(1));
            Assert.That(refusedOutput, Does.Contain("Sync Failed").And.Contain("immutable"));
            Assert.That(code, Is.Zero, error + output);
            Assert.That(await LiveValueAsync("frozen"), Is.EqualTo("2"));
        });
    }

    [Test]
    public async Task Sync_InvalidYamlInRepository_ExitOneNamingFileAndLineNothingApplied()
    {
        CommitConfigMap("settings", "1");
        Repo.WriteFile("app/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  labels: [oops\n");
        Repo.Commit("broken");

        var (code, output, error) = await CliRun.RunAsync(["sync", .. Inline()]);

        Assert.Multiple(async () =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("app/broken.yaml:6:1"));
            Assert.That(output, Is.Empty);
            Assert.That(await LiveValueAsync("settings"), Is.Null, "a render failure applies nothing");
        });
    }

    [TestCase("--timeout", "soon")]
    [TestCase("--timeout", "-5s")]
    public async Task Sync_BadTimeout_UsageError(string flag, string value)
    {
        var (code, _, error) = await CliRun.RunAsync(["sync", .. Inline(flag, value)]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--timeout").And.Contain(value));
        });
    }
}
