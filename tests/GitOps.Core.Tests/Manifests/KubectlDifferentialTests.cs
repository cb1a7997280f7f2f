using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Tests.Manifests;

/// <summary>
/// Reads every fixture with our reader and with the real kubectl and compares the objects. Fixture names say
/// what is expected: <c>error-*</c> must be rejected by both; <c>dup-*</c> (repeated keys) are rejected by our
/// default reader and match kubectl's last-wins reading with <see cref="ManifestReaderOptions.AllowDuplicateKeys"/>;
/// <c>fallback-*</c> start with <c>{</c> but are not JSON, which kubectl reads as YAML since 1.33 (older clients
/// fail); every other fixture must read the same.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class KubectlDifferentialTests
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Manifests", "Fixtures");

    public static IEnumerable<TestCaseData> Fixtures() =>
        Directory.GetFiles(FixtureFolder)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new TestCaseData(name).SetArgDisplayNames(name!));

    [TestCaseSource(nameof(Fixtures))]
    public void Read_Fixture_MatchesKubectl(string name)
    {
        var kubectl = KubectlOracle.Require();
        if (name.StartsWith("fallback-", StringComparison.Ordinal) && KubectlOracle.MinorVersion(kubectl) < 33)
        {
            Assert.Ignore($"{kubectl} is older than 1.33, which first read non-JSON streams starting with '{{' as YAML");
        }

        var path = Path.Combine(FixtureFolder, name);
        var (expected, kubectlError) = KubectlOracle.Read(kubectl, path);
        var bytes = File.ReadAllBytes(path);

        if (name.StartsWith("error-", StringComparison.Ordinal))
        {
            Assert.That(expected, Is.Null, "kubectl was expected to reject this fixture");
            var error = Assert.Throws<ManifestFormatException>(() => ManifestReader.Default.Read(bytes, name))!;
            Assert.That(error.Location?.File, Is.EqualTo(name));
            Assert.That(error.Location?.Line, Is.GreaterThan(0), error.Message);
            TestContext.Out.WriteLine($"kubectl: {kubectlError.Trim()}\nours:    {error.Message}");
            return;
        }

        Assert.That(expected, Is.Not.Null, $"kubectl rejected the fixture: {kubectlError}");
        var reader = ManifestReader.Default;
        if (name.StartsWith("dup-", StringComparison.Ordinal))
        {
            Assert.That(() => reader.Read(bytes, name), Throws.TypeOf<ManifestFormatException>().With.Message.Contains("already defined"));
            reader = new ManifestReader(new ManifestReaderOptions { AllowDuplicateKeys = true });
        }
        else if (name == "tags.yaml")
        {
            // Unknown tags are bad input by default (kubectl ignores them); the kubectl-compatible mode must match it.
            Assert.That(() => reader.Read(bytes, name), Throws.TypeOf<ManifestFormatException>().With.Message.Contains("unknown tag"));
            reader = new ManifestReader(new ManifestReaderOptions { RejectUnknownTags = false });
        }

        var actual = reader.Read(bytes, name);
        Assert.That(actual, Has.Count.EqualTo(expected!.Count), "object count");
        for (var i = 0; i < expected.Count; i++)
        {
            var diffs = JsonTreeComparer.DiffByValue(expected[i], actual[i].Root);
            Assert.That(diffs, Is.Empty, $"object {i} differs from kubectl's:\n{string.Join('\n', diffs)}");
        }
    }

    [Test]
    public void Write_GeneratedTrees_KubectlReadsThemBackEqual()
    {
        // The writer's output must mean the same to go-yaml (through kubectl) as to us.
        var kubectl = KubectlOracle.Require();
        var trees = Enumerable.Range(0, 25).Select(seed => RandomJsonTrees.Manifest(seed)).ToList();
        var longKey = new string('k', 1500);
        trees.Add(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "long-key" },
            ["data"] = new JsonObject { [longKey] = "v", ["nested"] = new JsonObject { [longKey] = new JsonArray("x", new JsonObject { [longKey] = 1L }) } },
        });
        var folder = Directory.CreateTempSubdirectory("gitops-writer-");
        try
        {
            var file = Path.Combine(folder.FullName, "written.yaml");
            File.WriteAllText(file, ManifestWriter.WriteAll(trees.Select(t => new ManifestObject(t))));
            var (read, error) = KubectlOracle.Read(kubectl, file);
            Assert.That(read, Is.Not.Null, error);
            Assert.That(read!, Has.Count.EqualTo(trees.Count));
            for (var i = 0; i < trees.Count; i++)
            {
                var diffs = JsonTreeComparer.DiffByValue(trees[i], read[i]);
                Assert.That(diffs, Is.Empty, $"tree {i}:\n{string.Join('\n', diffs)}\n{ManifestWriter.Write(trees[i])}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void Read_HelmRenderedStarterChart_MatchesKubectl()
    {
        // Real tool output: the chart "helm create" scaffolds, rendered by "helm template".
        var kubectl = KubectlOracle.Require();
        var helm = KubectlOracle.FindTool("helm") ?? throw new IgnoreException("helm was not found in GITOPS_TOOLS_BIN or PATH; run eng/install-tools.sh to install it");
        var folder = Directory.CreateTempSubdirectory("gitops-helm-");
        try
        {
            KubectlOracle.Run(helm, folder.FullName, "create", "demo");
            var rendered = KubectlOracle.Run(helm, folder.FullName, "template", "demo", "./demo", "--set", "ingress.enabled=true,autoscaling.enabled=true");
            var file = Path.Combine(folder.FullName, "rendered.yaml");
            File.WriteAllText(file, rendered);
            var (expected, error) = KubectlOracle.Read(kubectl, file);
            Assert.That(expected, Is.Not.Null, error);
            var actual = ManifestReader.Default.Read(File.ReadAllBytes(file), "rendered.yaml");
            Assert.That(actual, Has.Count.EqualTo(expected!.Count).And.Count.GreaterThanOrEqualTo(5));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.That(JsonTreeComparer.DiffByValue(expected[i], actual[i].Root), Is.Empty, $"object {i}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void Fixtures_CopiedToOutput_AtLeastFortyFiles()
    {
        // The fixtures must reach the output folder, or the cases above would silently be fewer.
        Assert.That(Fixtures().Count(), Is.GreaterThanOrEqualTo(40));
    }
}
