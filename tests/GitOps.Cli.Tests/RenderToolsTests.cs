using GitOps.Tests.TestSupport;

namespace GitOps.Cli.Tests;

public sealed class RenderToolsTests
{
    // The command line finds tools on PATH, as a user's shell gives them; put the installed tool's folder there.
    private static void RequireTool(string name)
    {
        var folder = Path.GetDirectoryName(Tools.Find(name))!;
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (!path.Split(Path.PathSeparator).Contains(folder))
        {
            Environment.SetEnvironmentVariable("PATH", folder + Path.PathSeparator + path);
        }
    }

    [Test]
    public async Task Render_HelmChartWithSetAndValues_UsesThem()
    {
        RequireTool("helm");
        using var dir = new TempDirectory();
        dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        dir.Write("chart/values.yaml", "greeting: hello\ncolour: red\n");
        dir.Write("chart/prod.yaml", "colour: blue\n");
        dir.Write("chart/templates/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  colour: {{ .Values.colour | quote }}\n");

        var (code, output, error) = await CliRun.RunAsync(
            "render", dir.Path, "--path", "chart", "--type", "helm", "--release", "shop", "-f", "prod.yaml", "--set", "greeting=bonjour");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("name: shop-settings").And.Contain("greeting: bonjour").And.Contain("colour: blue"));
        });
    }

    [Test]
    public async Task Render_JsonnetWithExternalVariable_UsesIt()
    {
        RequireTool("jsonnet");
        using var dir = new TempDirectory();
        dir.Write("app/main.jsonnet", "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: std.extVar('name') }, data: { n: std.toString(std.extVar('n')) } }\n");

        var (code, output, error) = await CliRun.RunAsync("render", dir.Path, "--path", "app", "--ext-str", "name=from-cli", "--ext-code", "n=1+2");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            // The key "n" is quoted: unquoted, YAML 1.1 readers (kubectl) would take it for false.
            Assert.That(output, Does.Contain("name: from-cli").And.Contain("\"n\": \"3\""));
        });
    }
}
