using GitOps.Testing.Tests.Support;

namespace GitOps.Testing.Tests.Api;

/// <summary>Real helm against the emulator: install, upgrade, list and uninstall (release Secrets, protobuf deletes).</summary>
[TestFixture]
public sealed class HelmTests : EmulatorFixture
{
    [Test]
    public async Task InstallUpgradeUninstall_ManageTheReleaseAndItsObjects()
    {
        var helm = Support.Kubectl.ForTool("helm", KubeconfigPath, WorkDir);
        var kubectl = Kubectl();
        var ns = await NewNamespaceAsync();
        var chart = Path.Combine(WorkDir, "chart");
        Directory.CreateDirectory(Path.Combine(chart, "templates"));
        await File.WriteAllTextAsync(Path.Combine(chart, "Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        await File.WriteAllTextAsync(Path.Combine(chart, "templates", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: '{{ .Release.Name }}-cfg'}\ndata: {value: '{{ .Values.value | default \"one\" }}'}\n");

        var installed = await helm.OkAsync("install", "rel", chart, "-n", ns);
        var upgraded = await helm.OkAsync("upgrade", "rel", chart, "-n", ns, "--set", "value=two");
        var value = await kubectl.OkAsync("-n", ns, "get", "configmap", "rel-cfg", "-o", "jsonpath={.data.value}");
        var releases = await kubectl.OkAsync("-n", ns, "get", "secrets", "-l", "owner=helm", "-o", "name");
        var uninstalled = await helm.OkAsync("uninstall", "rel", "-n", ns);
        var left = await kubectl.OkAsync("-n", ns, "get", "configmaps,secrets", "-o", "name");

        Assert.Multiple(() =>
        {
            Assert.That(installed, Does.Contain("STATUS: deployed"));
            Assert.That(upgraded, Does.Contain("REVISION: 2"));
            Assert.That(value, Is.EqualTo("two"));
            Assert.That(releases.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
            Assert.That(uninstalled, Does.Contain("release \"rel\" uninstalled"));
            Assert.That(left.Trim(), Is.Empty);
        });
    }
}
