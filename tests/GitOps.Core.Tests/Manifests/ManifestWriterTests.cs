using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Tests.Manifests;

public sealed class ManifestWriterTests
{
    private static readonly ManifestReader Lenient = new(new ManifestReaderOptions { RequireObjectIdentity = false });

    private static JsonObject RoundTrip(JsonObject tree) => Lenient.Read(ManifestWriter.Write(tree), "w.yaml").Single().Root;

    [Test]
    public void Write_Object_SortsKeysAndUsesKubernetesLayout()
    {
        var tree = JsonNode.Parse("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","labels":{"z":"1","a":"2"}},"list":[{"b":1,"a":2},[1,2],"x"],"empty":{},"none":[]}""")!.AsObject();
        const string expected = """
            apiVersion: v1
            empty: {}
            kind: ConfigMap
            list:
            - a: 2
              b: 1
            - - 1
              - 2
            - x
            metadata:
              labels:
                a: "2"
                z: "1"
              name: a
            none: []

            """;
        Assert.That(ManifestWriter.Write(tree), Is.EqualTo(expected.ReplaceLineEndings("\n")));
    }

    [TestCase("yes")]
    [TestCase("No")]
    [TestCase("on")]
    [TestCase("y")]
    [TestCase("~")]
    [TestCase("null")]
    [TestCase("")]
    [TestCase("1.0")]
    [TestCase("0x1F")]
    [TestCase("017")]
    [TestCase(".inf")]
    [TestCase("2001-12-14")]
    [TestCase(" lead")]
    [TestCase("trail ")]
    [TestCase("a: b")]
    [TestCase("a #b")]
    [TestCase("#c")]
    [TestCase("- x")]
    [TestCase("<<")]
    [TestCase("---")]
    [TestCase("x\ty")]
    public void Write_AmbiguousString_IsQuotedAndReadsBackTheSame(string value)
    {
        var tree = new JsonObject { [value] = value };
        var yaml = ManifestWriter.Write(tree);
        Assert.That(yaml, Does.StartWith("\""), yaml);
        Assert.That(RoundTrip(tree)[value]!.GetValue<string>(), Is.EqualTo(value));
    }

    [TestCase("hello world")]
    [TestCase("a:b")]
    [TestCase("nginx:1.25")]
    [TestCase("http://x/y#z")]
    [TestCase("500m")]
    public void Write_SafeString_IsPlain(string value) =>
        Assert.That(ManifestWriter.Write(new JsonObject { ["k"] = value }), Is.EqualTo($"k: {value}\n"));

    [Test]
    public void Write_MultiLineText_UsesLiteralBlock()
    {
        var tree = new JsonObject { ["script"] = "echo one\n  echo two\n", ["strip"] = "a\nb" };
        var yaml = ManifestWriter.Write(tree);
        Assert.That(yaml, Is.EqualTo("script: |\n  echo one\n    echo two\nstrip: |-\n  a\n  b\n"));
        Assert.That(JsonTreeComparer.DiffStrict(tree, RoundTrip(tree)), Is.Empty);
    }

    [Test]
    public void Write_Numbers_KeepIntegerAndFloatApart()
    {
        var tree = new JsonObject { ["i"] = 1L, ["f"] = 1.0, ["g"] = 1e21, ["u"] = ulong.MaxValue, ["small"] = 1e-7 };
        Assert.That(ManifestWriter.Write(tree), Is.EqualTo("f: 1.0\ng: 1E+21\ni: 1\nsmall: 1E-07\nu: 18446744073709551615\n"));
        Assert.That(JsonTreeComparer.DiffStrict(tree, RoundTrip(tree)), Is.Empty);
    }

    [Test]
    public void Write_KeyLongerThanImplicitKeyLimit_UsesExplicitKeyAndReadsBack()
    {
        var key = new string('k', 2000);
        var tree = new JsonObject { [key] = new JsonObject { ["a"] = 1L }, ["list"] = new JsonArray(new JsonObject { [key] = new JsonArray("x") }) };
        var yaml = ManifestWriter.Write(tree);
        Assert.That(yaml, Does.StartWith("? kkk"));
        Assert.That(JsonTreeComparer.DiffStrict(tree, RoundTrip(tree)), Is.Empty, yaml);
    }

    [Test]
    public void Write_NaN_Throws() =>
        Assert.That(() => ManifestWriter.Write(new JsonObject { ["x"] = double.NaN }), Throws.ArgumentException);

    [Test]
    public void WriteAll_SeveralObjects_SeparatesDocuments()
    {
        var objects = ManifestReader.Default.Read("apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\nmetadata: {name: b}\n", "s.yaml");
        var yaml = ManifestWriter.WriteAll(objects);
        Assert.That(yaml, Is.EqualTo("apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: b\n"));
        Assert.That(ManifestReader.Default.Read(yaml, "s.yaml").Select(o => o.Name), Is.EqualTo(new List<string> { "a", "b" }));
    }

    [Test]
    public async Task WriteAllAsync_Writer_WritesTheSameAsWriteAll()
    {
        var objects = ManifestReader.Default.Read("apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\nmetadata: {name: b}\n", "s.yaml");
        await using var writer = new StringWriter();
        await ManifestWriter.WriteAllAsync(writer, objects);
        Assert.That(writer.ToString(), Is.EqualTo(ManifestWriter.WriteAll(objects)));
    }

    [Test]
    public void Write_RootScalarAndNull_AreDocuments()
    {
        Assert.That(ManifestWriter.Write((JsonNode?)null), Is.EqualTo("null\n"));
        Assert.That(ManifestWriter.Write(JsonValue.Create("yes")), Is.EqualTo("\"yes\"\n"));
        Assert.That(ManifestWriter.Write(new JsonArray(1, "a")), Is.EqualTo("- 1\n- a\n"));
    }

    [Test]
    public void Write_SameTreeDifferentInsertionOrder_SameText()
    {
        var a = new JsonObject { ["b"] = 1, ["a"] = new JsonObject { ["y"] = 1, ["x"] = 2 } };
        var b = new JsonObject { ["a"] = new JsonObject { ["x"] = 2, ["y"] = 1 }, ["b"] = 1 };
        Assert.That(ManifestWriter.Write(a), Is.EqualTo(ManifestWriter.Write(b)));
    }

    [Test]
    public void WriteThenRead_GeneratedTrees_GivesEqualTrees()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var tree = RandomJsonTrees.Manifest(seed);
            var yaml = ManifestWriter.Write(tree);
            JsonObject read;
            try
            {
                read = RoundTrip(tree);
            }
            catch (ManifestFormatException e)
            {
                Assert.Fail($"seed {seed}: {e.Message}\n{yaml}");
                return;
            }

            var diffs = JsonTreeComparer.DiffStrict(tree, read);
            Assert.That(diffs, Is.Empty, $"seed {seed}:\n{string.Join('\n', diffs)}\n{yaml}");
        }
    }

    [Test]
    public void WriteThenRead_EveryHazardousString_ReadsBackAsKeyAndValue()
    {
        foreach (var value in RandomJsonTrees.HazardousStrings)
        {
            var tree = new JsonObject { [value] = value, ["list"] = new JsonArray(value, new JsonObject { [value] = value }) };
            Assert.That(JsonTreeComparer.DiffStrict(tree, RoundTrip(tree)), Is.Empty, ManifestWriter.Write(tree));
        }
    }
}
