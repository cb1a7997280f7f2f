using System.CommandLine;
using GitOps.Applications;
using GitOps.Cli.Options;

namespace GitOps.Cli.Tests.Options;

public sealed class RendererFlagsTests
{
    private static (ApplicationSource Source, IReadOnlyList<System.CommandLine.Parsing.ParseError> Errors) Apply(params string[] args)
    {
        var flags = new RendererFlags();
        var command = new RootCommand();
        flags.AddTo(command);
        var parse = command.Parse(args);
        return (flags.ApplyTo(parse, new ApplicationSource { RepoUrl = "file:///repo", Path = "app" }), parse.Errors);
    }

    [Test]
    public void ApplyTo_HelmFlags_SetTheSourcesHelmFieldsOnly()
    {
        var (source, errors) = Apply("--release", "shop", "-f", "prod.yaml", "--set", "image.tag=1.2", "--set-string", "port=80");

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(source.Helm!.ReleaseName, Is.EqualTo("shop"));
            Assert.That(source.Helm.ValueFiles, Is.EqualTo(new[] { "prod.yaml" }));
            Assert.That(source.Helm.Parameters, Is.EqualTo(new[] { new HelmParameter("image.tag", "1.2"), new HelmParameter("port", "80", ForceString: true) }));
            Assert.That(source.Directory, Is.Null, "the renderer is still detected from the folder");
        });
    }

    [Test]
    public void ApplyTo_DirectoryAndJsonnetFlags_SetTheDirectoryField()
    {
        var (source, _) = Apply("--recurse", "--exclude", "*.md", "--ext-str", "env=prod", "-J", "lib");

        Assert.Multiple(() =>
        {
            Assert.That(source.Directory!.Recurse, Is.True);
            Assert.That(source.Directory.Exclude, Is.EqualTo("*.md"));
            Assert.That(source.Directory.Jsonnet!.ExtVars.Single().Name, Is.EqualTo("env"));
            Assert.That(source.Directory.Jsonnet.Libraries, Is.EqualTo(new[] { "lib" }));
            Assert.That(source.Helm, Is.Null);
        });
    }

    [Test]
    public void ApplyTo_NoFlags_SourceUnchanged()
    {
        var (source, _) = Apply();

        Assert.That(source, Is.EqualTo(new ApplicationSource { RepoUrl = "file:///repo", Path = "app" }));
    }

    [Test]
    public async Task Render_PairWithoutEquals_UsageErrorNamingIt()
    {
        var (code, _, error) = await CliRun.RunAsync("render", ".", "--set", "novalue");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--set 'novalue' is not NAME=VALUE."));
        });
    }
}
