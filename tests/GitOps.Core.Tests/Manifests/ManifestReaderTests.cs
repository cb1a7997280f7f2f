using System.Text;
using System.Text.Json.Nodes;
using GitOps.Manifests;

namespace GitOps.Tests.Manifests;

public sealed class ManifestReaderTests
{
    private const string Header = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n";

    private static JsonNode? ReadValue(string yamlValue) =>
        ManifestReader.Default.Read(Header + "data:\n  v: " + yamlValue + "\n", "t.yaml")[0].Root["data"]!["v"];

    private static JsonObject ReadData(string yamlData) =>
        (JsonObject)ManifestReader.Default.Read(Header + "data:\n" + yamlData, "t.yaml")[0].Root["data"]!;

    [TestCase("y")]
    [TestCase("Y")]
    [TestCase("yes")]
    [TestCase("Yes")]
    [TestCase("YES")]
    [TestCase("on")]
    [TestCase("On")]
    [TestCase("ON")]
    [TestCase("true")]
    [TestCase("True")]
    [TestCase("TRUE")]
    public void Read_YamlOneOneTrueWord_IsTrue(string word) =>
        Assert.That(ReadValue(word)!.GetValue<bool>(), Is.True);

    [TestCase("n")]
    [TestCase("N")]
    [TestCase("no")]
    [TestCase("No")]
    [TestCase("NO")]
    [TestCase("off")]
    [TestCase("Off")]
    [TestCase("OFF")]
    [TestCase("false")]
    [TestCase("False")]
    [TestCase("FALSE")]
    public void Read_YamlOneOneFalseWord_IsFalse(string word) =>
        Assert.That(ReadValue(word)!.GetValue<bool>(), Is.False);

    [TestCase("yEs")]
    [TestCase("oN")]
    [TestCase("'yes'")]
    [TestCase("\"on\"")]
    [TestCase("nope")]
    public void Read_NotQuiteBoolean_IsString(string text) =>
        Assert.That(ReadValue(text)!.GetValue<string>(), Is.Not.Empty);

    [TestCase("~")]
    [TestCase("null")]
    [TestCase("Null")]
    [TestCase("NULL")]
    [TestCase("")]
    public void Read_NullForms_AreNull(string text) => Assert.That(ReadValue(text), Is.Null);

    [TestCase("42", 42L)]
    [TestCase("-17", -17L)]
    [TestCase("+12", 12L)]
    [TestCase("017", 15L)]
    [TestCase("0o17", 15L)]
    [TestCase("0x1F", 31L)]
    [TestCase("-0x1F", -31L)]
    [TestCase("0b101", 5L)]
    [TestCase("-0b11", -3L)]
    [TestCase("1_000_000", 1_000_000L)]
    [TestCase("9223372036854775807", long.MaxValue)]
    [TestCase("-9223372036854775808", long.MinValue)]
    public void Read_IntegerForms_AreLongs(string text, long expected) =>
        Assert.That(ReadValue(text)!.GetValue<long>(), Is.EqualTo(expected));

    [Test]
    public void Read_IntegerAboveInt64_IsUInt64AsGoYamlMakesIt() =>
        Assert.That(ReadValue("18446744073709551615")!.GetValue<ulong>(), Is.EqualTo(ulong.MaxValue));

    [TestCase("1.5", 1.5)]
    [TestCase("1.0", 1.0)]
    [TestCase("3.", 3.0)]
    [TestCase(".5", 0.5)]
    [TestCase("-.25", -0.25)]
    [TestCase("1e3", 1000.0)]
    [TestCase("2.5E-3", 0.0025)]
    [TestCase("1_0.5", 10.5)]
    [TestCase("08", 8.0)]
    [TestCase("-9223372036854775809", -9223372036854775809.0)]
    public void Read_FloatForms_AreDoubles(string text, double expected) =>
        Assert.That(ReadValue(text)!.GetValue<double>(), Is.EqualTo(expected));

    [TestCase("1e400")]
    [TestCase("0x")]
    [TestCase("0b2")]
    [TestCase("1.2.3")]
    [TestCase("2001-12-14")]
    [TestCase("2001-12-14t21:59:43.10-05:00")]
    [TestCase("v1.2")]
    [TestCase("\"12\"")]
    public void Read_NumberLookalikes_AreStrings(string text) =>
        Assert.That(ReadValue(text)!.GetValue<string>(), Is.Not.Empty);

    [TestCase("!!str 12", "12")]
    [TestCase("!!str yes", "yes")]
    [TestCase("!!binary aGVsbG8=", "hello")]
    [TestCase("!!timestamp 2001-12-14", "2001-12-14")]
    public void Read_TaggedString_IsThatString(string text, string expected) =>
        Assert.That(ReadValue(text)!.GetValue<string>(), Is.EqualTo(expected));

    [Test]
    public void Read_UnknownTagKubectlCompatible_IsThatString()
    {
        var reader = new ManifestReader(new ManifestReaderOptions { RejectUnknownTags = false });
        var data = reader.Read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: !custom text\n", "a.yaml").Single().Root["data"]!;
        Assert.That(data["x"]!.GetValue<string>(), Is.EqualTo("text"));
    }

    [Test]
    public void Read_UnknownTagByDefault_FailsWithLocation() =>
        Assert.That(() => ManifestReader.Default.Read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: !custom text\n", "a.yaml"),
            Throws.TypeOf<ManifestFormatException>().With.Message.Contains("a.yaml:5:").And.Message.Contains("unknown tag"));

    [Test]
    public void Read_ExplicitTagsOnQuotedText_Resolve()
    {
        var data = ReadData("  i: !!int \"42\"\n  f: !!float 1\n  b: !!bool \"yes\"\n  n: !!null \"\"\n");
        Assert.Multiple(() =>
        {
            Assert.That(data["i"]!.GetValue<long>(), Is.EqualTo(42));
            Assert.That(data["f"]!.GetValue<double>(), Is.EqualTo(1.0));
            Assert.That(data["b"]!.GetValue<bool>(), Is.True);
            Assert.That(data["n"], Is.Null);
        });
    }

    [TestCase("on", "true")]
    [TestCase("n", "false")]
    [TestCase("1", "1")]
    [TestCase("0x10", "16")]
    [TestCase("1.5", "1.5")]
    [TestCase("3.14159265358979", "3.1415927")]
    [TestCase("1e7", "1e+07")]
    [TestCase("1234567.8", "1.2345678e+06")]
    [TestCase("123456.7", "123456.7")]
    [TestCase("0.00001", "1e-05")]
    [TestCase("0.0001", "0.0001")]
    [TestCase(".inf", ".inf")]
    [TestCase("-.inf", "-.inf")]
    [TestCase(".nan", ".nan")]
    [TestCase("\"on\"", "on")]
    public void Read_NonStringKey_ConvertedAsSigsYaml(string key, string expected) =>
        Assert.That(ReadData($"  {key}: x\n").Select(p => p.Key), Is.EqualTo(new List<string> { expected }));

    [Test]
    public void Read_AnchorsAndAliases_AreExpandedIndependently()
    {
        var data = ReadData("  a: &x {k: [1, 2]}\n  b: *x\n  s: &s text\n  t: *s\n");
        Assert.That(data["b"]!.ToJsonString(), Is.EqualTo("{\"k\":[1,2]}"));
        Assert.That(data["t"]!.GetValue<string>(), Is.EqualTo("text"));
        ((JsonArray)data["b"]!["k"]!).Add(3);
        Assert.That(data["a"]!["k"]!.AsArray(), Has.Count.EqualTo(2), "an alias is a copy, not a shared node");
    }

    [TestCase("1.0")]
    [TestCase("100.0")]
    [TestCase("1e3")]
    [TestCase("2.5")]
    public void Read_Float_IsNeverAnInteger(string text)
    {
        var value = ReadValue(text)!.AsValue();
        Assert.That(value.TryGetValue(out long _), Is.False);
        Assert.That(value.GetValue<double>(), Is.EqualTo(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Read_Objects_CanBeChangedLikeTreesBuiltInCode()
    {
        var manifest = ManifestReader.Default.Read(Header + "  labels: {app: web}\ndata:\n  a: x\n  b: [1, 2]\n", "t.yaml")[0];
        manifest.SetLabel("tier", "front");
        manifest.Root["data"]!["a"] = "y";
        manifest.Root["data"]!["b"]!.AsArray().Add(3);
        manifest.Root.Remove("kind");
        Assert.That(
            manifest.Root.ToJsonString(),
            Is.EqualTo("""{"apiVersion":"v1","metadata":{"name":"demo","labels":{"app":"web","tier":"front"}},"data":{"a":"y","b":[1,2,3]}}"""));
    }

    [Test]
    public void Read_SameObjectsReadFromManyThreads_AllSeeTheSameTrees()
    {
        // Trees are parsed on first read; concurrent first reads must not tear them.
        var text = string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n  labels: {{a: b}}\ndata:\n  k: v{i}\n  list: [1, {{x: z}}]\n"));
        var expected = ManifestReader.Default.Read(text, "t.yaml").Select(m => m.Root.ToJsonString()).ToList();
        for (var round = 0; round < 5; round++)
        {
            var shared = ManifestReader.Default.Read(text, "t.yaml");
            var seen = new string[8][];
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
                seen[t] = shared.Select(m => $"{m.Name} {m.GetLabel("a")} {m.Root["data"]!["list"]![1]!["x"]}" + m.Root.ToJsonString()).ToArray());
            foreach (var view in seen)
            {
                Assert.That(view, Is.EqualTo(shared.Select((m, i) => $"c{i} b z" + expected[i]).ToArray()));
            }
        }
    }

    [Test]
    public void Read_MergeKey_ExplicitKeysAfterMergeWin()
    {
        var data = ReadData("  base: &b {a: 1, b: 2}\n  m:\n    <<: *b\n    a: 10\n");
        Assert.That(data["m"]!.ToJsonString(), Is.EqualTo("{\"a\":10,\"b\":2}"));
    }

    [Test]
    public void Read_MergeKey_AfterExplicitKeyOverridesItAsGoYamlV2Does()
    {
        var data = ReadData("  base: &b {a: 1, b: 2}\n  m:\n    a: 10\n    <<: *b\n");
        Assert.That(data["m"]!["a"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public void Read_MergeSequence_EarlierMapsTakePrecedence()
    {
        var data = ReadData("  x: &x {k: 1}\n  y: &y {k: 2, j: 3}\n  m:\n    <<: [*x, *y]\n");
        Assert.That(data["m"]!["k"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(data["m"]!["j"]!.GetValue<long>(), Is.EqualTo(3));
    }

    [Test]
    public void Read_QuotedMergeKey_IsAnOrdinaryKey() =>
        Assert.That(ReadData("  m:\n    \"<<\": v\n")["m"]!["<<"]!.GetValue<string>(), Is.EqualTo("v"));

    [Test]
    public void Read_MultiDocumentStream_SkipsEmptyAndNullDocuments()
    {
        var text = "---\n---\n# comment\n---\n" + Header + "---\nnull\n---\n~\n...\n---\n" + Header.Replace("demo", "two", StringComparison.Ordinal);
        var objects = ManifestReader.Default.Read(text, "m.yaml");
        Assert.That(objects.Select(o => o.Name), Is.EqualTo(new List<string> { "demo", "two" }));
        Assert.That(objects[0].Source, Is.EqualTo(new SourceLocation("m.yaml", 5, 1, 2)));
        Assert.That(objects[1].Source!.DocumentIndex, Is.EqualTo(5));
    }

    [Test]
    public void Read_List_FlattensItemsWithTheirOwnLines()
    {
        const string text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n";
        var objects = ManifestReader.Default.Read(text, "l.yaml");
        Assert.That(objects.Select(o => o.Kind), Is.EqualTo(new List<string> { "ConfigMap", "Secret" }));
        Assert.That(objects.Select(o => o.Source!.Line), Is.EqualTo(new List<int> { 4, 7 }));
        Assert.That(objects[0].Root.Parent, Is.Null, "items are detached from the list");
    }

    [Test]
    public void Read_AnyKindWithItems_IsTreatedAsAListLikeKubectl()
    {
        const string text = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: inner}}]\n";
        Assert.That(ManifestReader.Default.Read(text, "w.yaml").Single().Name, Is.EqualTo("inner"));
    }

    [Test]
    public void Read_EmptyOrNullItems_GivesNoObjects() =>
        Assert.That(ManifestReader.Default.Read("apiVersion: v1\nkind: List\nitems: []\n---\napiVersion: v1\nkind: List\nitems:\n", "l.yaml"), Is.Empty);

    [Test]
    public void Read_GenerateNameInsteadOfName_IsAccepted() =>
        Assert.That(ManifestReader.Default.Read("apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: run-\n", "j.yaml"), Has.Count.EqualTo(1));

    [Test]
    public void Read_IdentityNotRequired_AcceptsBareMappings()
    {
        var reader = new ManifestReader(new ManifestReaderOptions { RequireObjectIdentity = false });
        Assert.That(reader.Read("a: 1\n", "v.yaml").Single().Root["a"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public void Read_Utf8WithByteOrderMark_Reads()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Header)).ToArray();
        Assert.That(ManifestReader.Default.Read(bytes, "b.yaml").Single().Name, Is.EqualTo("demo"));
    }

    [Test]
    public void Read_CrLfLineEnds_Reads()
    {
        var objects = ManifestReader.Default.Read(Header.Replace("\n", "\r\n", StringComparison.Ordinal) + "data:\r\n  b: |\r\n    x\r\n    y\r\n", "c.yaml");
        Assert.That(objects[0].Root["data"]!["b"]!.GetValue<string>(), Is.EqualTo("x\ny\n"));
    }

    [Test]
    public void Read_ConcatenatedJson_ReadsEachObjectWithItsLine()
    {
        const string text = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n\n  {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}";
        var objects = ManifestReader.Default.Read(Encoding.UTF8.GetBytes(text), "c.json");
        Assert.That(objects.Select(o => o.Name), Is.EqualTo(new List<string> { "a", "b" }));
        Assert.That(objects[1].Source, Is.EqualTo(new SourceLocation("c.json", 3, 3, 1)));
    }

    [Test]
    public void Read_JsonNumbers_IntegersAreLongsOthersDoubles()
    {
        const string text = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}, \"n\": [1, 1.0, 1e2, 9223372036854775808]}";
        var n = ManifestReader.Default.Read(text, "n.json")[0].Root["n"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(n[0]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(n[1]!.GetValue<double>(), Is.EqualTo(1.0));
            Assert.That(n[2]!.GetValue<double>(), Is.EqualTo(100.0));
            Assert.That(n[3]!.GetValue<double>(), Is.EqualTo(9223372036854775808.0));
        });
    }

    [Test]
    public void Read_JsonThatIsReallyYaml_FallsBackToYaml()
    {
        const string text = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n---\n{apiVersion: v1, kind: ConfigMap, metadata: {name: b}, data: {x: 0x1F,},}\n";
        var objects = ManifestReader.Default.Read(text, "f.json");
        Assert.That(objects[1].Root["data"]!["x"]!.GetValue<long>(), Is.EqualTo(31));
    }

    [Test]
    public void Read_StringAndBytes_GiveTheSameTrees()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Manifests", "Fixtures", "realistic-deployment.yaml"));
        var fromString = ManifestReader.Default.Read(text, "d.yaml");
        var fromBytes = ManifestReader.Default.Read(Encoding.UTF8.GetBytes(text), "d.yaml");
        Assert.That(fromBytes.Select(o => o.Root.ToJsonString()), Is.EqualTo(fromString.Select(o => o.Root.ToJsonString())));
        Assert.That(fromString.Select(o => o.Key.ToString()), Is.EqualTo(new List<string> { "apps/Deployment/shop/web", "/Service/shop/web" }));
    }

    [Test]
    public void Read_DuplicateKeysAllowed_LastWins()
    {
        var reader = new ManifestReader(new ManifestReaderOptions { AllowDuplicateKeys = true });
        Assert.That(reader.Read(Header + "data:\n  a: 1\n  a: 2\n", "d.yaml")[0].Root["data"]!["a"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public void Read_DeepButAllowedNesting_Reads()
    {
        var reader = new ManifestReader(new ManifestReaderOptions { MaxDepth = 100, RequireObjectIdentity = false });
        var text = "a: " + new string('[', 99) + new string(']', 99) + "\n";
        Assert.That(reader.Read(text, "deep.yaml"), Has.Count.EqualTo(1));
    }

    private static string LargeStream(int documents, string? broken = null, int brokenAt = -1)
    {
        var text = new StringBuilder("# generated\n");
        for (var i = 0; i < documents; i++)
        {
            text.Append("---\n");
            text.Append(i == brokenAt ? broken : $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  labels: &l {{a: b}}\ndata:\n  copy: *l\n  text: |\n    line one\n    --- not a separator, indented\n  n: {i}\n  pad: {new string('x', 200)}\n");
        }

        return text.ToString();
    }

    [Test]
    public void Read_SingleDocumentOverAMebibyteOfNonAsciiText_Reads()
    {
        // More bytes than the pooled buffers hold, fewer characters: the buffer is the reader's own, not the pool's.
        var bytes = Encoding.UTF8.GetBytes(Header + "data:\n  text: " + new string('é', 600_000) + "\n");
        var manifest = ManifestReader.Default.Read(bytes, "big.yaml").Single();
        Assert.That(manifest.Root["data"]!["text"]!.GetValue<string>(), Has.Length.EqualTo(600_000));
    }

    [Test]
    public void Read_LargeStreamInParallel_SameAsSequential()
    {
        var text = LargeStream(4000);
        Assert.That(text, Has.Length.GreaterThan(1 << 20), "large enough to be parsed in parallel");
        var parallel = new ManifestReader(new ManifestReaderOptions { MaxDegreeOfParallelism = 4 }).Read(text, "big.yaml");
        var sequential = new ManifestReader(new ManifestReaderOptions { MaxDegreeOfParallelism = 1 }).Read(text, "big.yaml");
        Assert.That(parallel.Select(o => (o.Root.ToJsonString(), o.Source)), Is.EqualTo(sequential.Select(o => (o.Root.ToJsonString(), o.Source))));
        Assert.That(parallel, Has.Count.EqualTo(4000));
        Assert.That(parallel[3999].Source, Is.EqualTo(new SourceLocation("big.yaml", 2 + (3999 * 13) + 1, 1, 3999)));
    }

    [Test]
    public void Read_LargeStreamWithLateError_ReportsStreamLineAndDocument()
    {
        var text = LargeStream(4000, broken: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: [1\n", brokenAt: 3000);
        foreach (var parallelism in new[] { 1, 4 })
        {
            var reader = new ManifestReader(new ManifestReaderOptions { MaxDegreeOfParallelism = parallelism });
            var error = Assert.Throws<ManifestFormatException>(() => reader.Read(text, "big.yaml"))!;
            Assert.That(error.Location!.DocumentIndex, Is.EqualTo(3000), error.Message);
            Assert.That(error.Location.Line, Is.GreaterThan(2 + (3000 * 13)).And.LessThanOrEqualTo(2 + (3000 * 13) + 6), error.Message);
        }
    }

    /// <summary>Multi-byte characters in content and on separator lines, so byte and character offsets differ.</summary>
    private static string LargeNonAsciiStream(string? broken = null, int brokenAt = -1) =>
        LargeStream(4000, broken, brokenAt).Replace("line one", "ligne été €", StringComparison.Ordinal).Replace("---\n", "--- # séparateur\n", StringComparison.Ordinal);

    [TestCase(1)]
    [TestCase(4)]
    public void Read_LargeUtf8Stream_SameAsFromDecodedText(int parallelism)
    {
        var text = LargeNonAsciiStream();
        var reader = new ManifestReader(new ManifestReaderOptions { MaxDegreeOfParallelism = parallelism });
        var fromBytes = reader.Read(Encoding.UTF8.GetBytes(text), "big.yaml");
        var fromText = reader.Read(text, "big.yaml");
        Assert.That(fromBytes.Select(o => (o.Root.ToJsonString(), o.Source)), Is.EqualTo(fromText.Select(o => (o.Root.ToJsonString(), o.Source))));
        Assert.That(fromBytes, Has.Count.EqualTo(4000));
        Assert.That(fromBytes[3999].Root["data"]!["text"]!.GetValue<string>(), Does.StartWith("ligne été €\n"));
    }

    [TestCase(1)]
    [TestCase(4)]
    public void Read_LargeUtf8StreamWithLateError_ReportsTheSamePlaceAsFromText(int parallelism)
    {
        var text = LargeNonAsciiStream(broken: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: é}\ndata:\n  a: [1\n", brokenAt: 3000);
        var reader = new ManifestReader(new ManifestReaderOptions { MaxDegreeOfParallelism = parallelism });
        var fromBytes = Assert.Throws<ManifestFormatException>(() => reader.Read(Encoding.UTF8.GetBytes(text), "big.yaml"))!;
        var fromText = Assert.Throws<ManifestFormatException>(() => reader.Read(text, "big.yaml"))!;
        Assert.That(fromBytes.Message, Is.EqualTo(fromText.Message));
        Assert.That(fromBytes.Location, Is.EqualTo(fromText.Location));
        Assert.That(fromBytes.Location!.DocumentIndex, Is.EqualTo(3000));
    }

    [Test]
    public void Read_LargeUtf8StreamWithInvalidByteLate_NamesTheByte()
    {
        var bytes = Encoding.UTF8.GetBytes(LargeNonAsciiStream());
        var at = bytes.Length - 10;
        bytes[at] = 0xFF;
        var error = Assert.Throws<ManifestFormatException>(() => ManifestReader.Default.Read(bytes, "big.yaml"))!;
        Assert.That(error.Problem, Is.EqualTo($"the input is not valid UTF-8 (byte {at})"));
    }
}
