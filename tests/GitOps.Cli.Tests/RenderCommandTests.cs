using GitOps.Tests.TestSupport;

namespace GitOps.Cli.Tests;

public sealed class RenderCommandTests
{
    [Test]
    public async Task Render_SampleApplication_PrintsSortedYamlDocuments()
    {
        var (code, output, error) = await CliRun.RunAsync("render", Path.Combine(CliRun.RepositoryRoot, "samples", "apps", "guestbook"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("kind: Deployment").And.Contain("kind: Service").And.Contain("kind: ConfigMap"));
            Assert.That(output, Does.Contain("maintenance: \"off\""), "a string that reads as a boolean stays quoted");
            Assert.That(output.Split("\n---\n"), Has.Length.EqualTo(3));
        });
    }

    [Test]
    public async Task Render_JsonOutputWithPathAndRecurse_ListOfAllObjects()
    {
        using var dir = new TempDirectory();
        dir.Write("apps/web/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        dir.Write("apps/web/nested/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");

        var (code, output, error) = await CliRun.RunAsync("render", dir.Path, "--path", "apps/web", "--recurse", "-o", "json");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("\"kind\": \"List\"").And.Contain("\"name\": \"a\"").And.Contain("\"name\": \"b\""));
        });
    }

    [Test]
    public async Task Render_InvalidYaml_ExitOneWithFileAndLine()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [oops\n");

        var (code, _, error) = await CliRun.RunAsync("render", dir.Path);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.StartWith("error: ").And.Contain("bad.yaml:"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace without --verbose");
        });
    }

    [Test]
    public async Task Render_Verbose_ShowsStackTrace()
    {
        using var dir = new TempDirectory();
        dir.Write("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [oops\n");

        var (code, _, error) = await CliRun.RunAsync("render", dir.Path, "--verbose");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("   at "));
        });
    }

    [Test]
    public async Task Render_MissingFolder_ExitOneNamingIt()
    {
        var (code, _, error) = await CliRun.RunAsync("render", "/nonexistent-gitops-folder");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("nonexistent-gitops-folder"));
        });
    }

    [TestCase("render", "--no-such-flag", ".")]
    [TestCase("render")]
    [TestCase("render", ".", "--type", "frobnicate")]
    [TestCase("no-such-command")]
    public async Task Run_UsageError_ExitTwo(params string[] args)
    {
        var (code, _, error) = await CliRun.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("error:").And.Contain("gitops --help"));
        });
    }

    [Test]
    public async Task Help_Anywhere_ExitZeroListingCommands()
    {
        var (code, output, _) = await CliRun.RunAsync("--help");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("render").And.Contain("emulator"));
        });
    }
}
