using GitOps.Testing;

namespace GitOps.Cli.Tests;

public sealed class BadInputTests : ClusterCommandTest
{
    [Test]
    public async Task Status_UnreachableServer_ExitOneNamingItWithoutToken()
    {
        CommitConfigMap("settings", "1");

        var (code, output, error) = await CliRun.RunAsync(
            "status", "--repo", Repo.FileUrl, "--server", "http://127.0.0.1:1", "--token", Token);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.StartWith("error: Cannot reach the Kubernetes API server (server http://127.0.0.1:1/)"));
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
            AssertNoToken(output, error);
        });
    }

    [Test]
    public async Task Status_WrongToken_ExitOneWithoutEitherToken()
    {
        CommitConfigMap("settings", "1");
        const string wrong = "wrong-token-also-secret";

        var (code, output, error) = await CliRun.RunAsync(
            "status", "--repo", Repo.FileUrl, "--server", Emulator.BaseAddress.ToString(), "--token", wrong);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("The Kubernetes API server (server http").And.Contain("refused the request"));
            Assert.That(output + error, Does.Not.Contain(wrong));
            AssertNoToken(output, error);
        });
    }

    [Test]
    public async Task Sync_MissingApplicationFile_ExitOneNamingIt()
    {
        var (code, _, error) = await CliRun.RunAsync(["sync", Path.Combine(TempPath, "missing-app.yaml"), .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("missing-app.yaml").And.Contain("does not exist"));
        });
    }

    [Test]
    public async Task Diff_InvalidApplicationYaml_ExitOneWithFileAndLine()
    {
        var file = Path.Combine(TempPath, "broken.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: x\nspec: [unclosed\n");

        var (code, _, error) = await CliRun.RunAsync(["diff", file, .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("broken.yaml:"));
            Assert.That(error, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Status_ApplicationFileWithUnknownSyncOption_WarnsOnStderr()
    {
        CommitConfigMap("settings", "1");
        var file = WriteApplication();
        await File.AppendAllTextAsync(file, "  syncPolicy:\n    syncOptions: [Bogus=true]\n");

        var (code, _, error) = await CliRun.RunAsync(["status", file, .. Cluster]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(error, Does.Contain("app.yaml:").And.Contain("Bogus=true"));
        });
    }

    [Test]
    public async Task Status_KubeconfigAndContext_UsedOrNamedWhenWrong()
    {
        CommitConfigMap("settings", "1");
        var kubeconfig = await Emulator.WriteKubeconfigAsync(Path.Combine(TempPath, "kubeconfig"));

        var (code, output, error) = await CliRun.RunAsync("status", "--repo", Repo.FileUrl, "--path", "app", "--name", App, "--dest-namespace", App, "--kubeconfig", kubeconfig);
        var (badCode, _, badError) = await CliRun.RunAsync("status", "--repo", Repo.FileUrl, "--kubeconfig", kubeconfig, "--context", "no-such-context");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("Sync status:  OutOfSync"));
            Assert.That(badCode, Is.EqualTo(1));
            Assert.That(badError, Does.Contain("no-such-context"));
        });
    }

    [Test]
    public async Task Status_TlsServer_NeedsInsecureSkipTlsVerifyWithoutItsCertificateAuthority()
    {
        CommitConfigMap("settings", "1");
        await using var tls = await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { UseTls = true, BearerToken = Token });
        string[] args = ["status", "--repo", Repo.FileUrl, "--path", "app", "--server", tls.BaseAddress.ToString(), "--token", Token];

        var (refused, _, refusedError) = await CliRun.RunAsync(args);
        var (code, output, error) = await CliRun.RunAsync([.. args, "--insecure-skip-tls-verify"]);

        Assert.Multiple(() =>
        {
            Assert.That(tls.BaseAddress.Scheme, Is.EqualTo("https"));
            Assert.That(refused, Is.EqualTo(1));
            Assert.That(refusedError, Does.Contain("Cannot reach the Kubernetes API server"));
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("Sync status:  OutOfSync"));
            AssertNoToken(refusedError, output, error);
        });
    }

    [TestCase("sync", "--no-such-flag")]
    [TestCase("sync")]
    [TestCase("diff", "app.yaml", "--repo", "file:///x")]
    [TestCase("status", "--repo", "file:///x", "--token", "abc")]
    [TestCase("status", "--repo", "file:///x", "--server", "not a url")]
    [TestCase("status", "--repo", "file:///x", "--server", "http://h", "--kubeconfig", "k")]
    [TestCase("history", "--repo", "file:///x", "-o", "xml")]
    [TestCase("rollback", "--repo", "file:///x")]
    [TestCase("rollback", "--repo", "file:///x", "latest")]
    public async Task Command_UsageError_ExitTwo(params string[] args)
    {
        var (code, _, error) = await CliRun.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("error:").And.Contain("gitops --help"));
            Assert.That(error, Does.Not.Contain("abc"), "not even a token given in a wrong place");
        });
    }
}
