using System.Text;
using GitOps.Manifests;
using GitOps.Manifests.Yaml;

namespace GitOps.Tests.Manifests;

/// <summary>
/// The fast path for common YAML must read exactly what the complete parser reads (trees, locations and errors),
/// and must be used for ordinary manifests.
/// </summary>
public sealed class FastPathDifferentialTests
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Manifests", "Fixtures");

    /// <summary>Snippets around the edges of the fast path's subset.</summary>
    private static readonly string[] Snippets =
    [
        "a: 1\nb:\n  c: 2\n  d:\n  - x\n  - y\ne: z\n",
        "a:\n- b: 1\n  c: 2\n- - x\n  - y\n-\n- z\n",
        "a:\n  - 1\n  -   2\n  - k: v\n    j: w\n",
        "a: &x\n  b: 1\nc: *x\nd: &y [1, 2]\ne: *y\nf: &z text\ng: *z\n",
        "a: |\n  one\n\n   two\n\nb: |-\n  x\nc: |+\n  y\n\n\nd: e\n",
        "a: |\n  only\n",
        "# c\na: b # c\n# c\nc: 'it''s' # x\nd: \"q\\\"\\n\\u00e9\" #\n",
        "a: x#y\nb: http://h:1/p?q#f\nc: -1\nd: --flag\ne: ?x\nf: :x\n",
        "a: {b: 1, c: [x, 'y', \"z\"], d: {}}\ne: []\n",
        "{a: 1, b: [2, 3]}\n",
        "- a\n- b\n",
        "a: b: c\n",
        "a: b\n  c\n",
        "a:\n  b\n",
        "a: \"multi\n  line\"\n",
        "a: 'x\n  y'\n",
        "a: [1,\n  2]\n",
        "a: >\n  folded\n",
        "a: !!str 1\n",
        "a: |2\n   x\n",
        "a: b\n\tc: d\n",
        "a: 1\na: 2\n",
        "? a\n: b\n",
        "a: [1, 2, ]\n",
        "a: {b, c: 1}\n",
        "a: [b: 1]\n",
        "a:\n  - x\n b: 1\n",
        "a:\n  b: 1\n   c: 2\n",
        "- a\nb: 1\n",
        "a: *nope\n",
        "a: \"\\/\"\n",
        "a: \"\\x41\\U0001F600\"\n",
        "<<: {a: 1}\nb: 2\n",
        "a: ~\nb:\nc: null\n",
        "  a: 1\n  b: 2\n",
        "a:\n  # comment\n  b: 1\n",
        "a: 1\n  # deeper comment\nb: 2\n",
        "a: |\n  x\n  # not a comment\nb: 1\n",
        "\"k\": v\n'j': w\n\"a b\" : c\n",
        "a: \"x\"y\n",
        "a: [x]y\n",
        "a: - b\n",
        "key with spaces: value with spaces  \n",
        "a: 'tab\there'\n",
        "a:\r\n  b: 1\r\n  c: |\r\n    x\r\n",
        "x: 1\n...\n",
        "- - - a\n    - b\n  - c\n- d\n",
        "a: &anchor\nb: *anchor\n",
        "a: [*x]\n",
        "- |\n  x\n- y\n",
        "a  : b\nc:   \n  d: 1\n",
        "a: |\n  x\n   \n  y\n",
        "a: |\n\n  x\n",
        "- a: |\n    x\n  b: 2\n- c\n",
        "a:\n- |-\n  x\n- k: |+\n    y\n\n  j: 1\n",
        "a: b\n---x\n",
        "a: {\"b\":1}\n",
        "a: [\"x\",'y',z]\n",
        "a: {b: c d, e: 'f g'}\n",
        "a: \"x\" # c\nb: 'y'#c\n",
        "a:\n- 1\n- &x {b: [2, 3]}\n- *x\n- &y\n  c: 'q'\n- *y\n",
        "a: 1.0\nb: 1.5\nc: 1e3\nd: -2.50\ne: 0.1\nf: 18446744073709551615\ng: 123456789012345678\nh: 0123\ni: +12\n",
        "a: \"\"\nb: ''\nc: 'it''s'\nd: \"\\t\"\ne: é → \"x\"\nf: '<>&'\n",
        "k1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\nk8: 8\nk9: 9\nk10: 10\nk3: 11\n",
        "{k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9, k1: 10}\n",
        "items:\n- a: 1\n-\n- [x]\n- &i {b: 2}\n- *i\n",
        "a: x\uD800y\nb: \"\uDC00\"\n",
        "\uD800: 1\n",
        "a: x\U0001F600y\nb: '\U0001F600'\n\U0001F600: \"\U0001F600\"\n",
        """{"apiVersion":"v1","kind":"List","items":[{"a":1},null,{"b":[1,{"c":2}]},3]}""",
        """{"kind":"List","items":[{"a":[{"b":1}],"c":{"d":[]}},{"e":{}}]}""" + "\n" + """{"items":[]} {"items":null}""",
        """{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k3":0}""",
        """{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":{"k1":1,"k1":2}}""",
        """{"a":"\u00e9\n\"","b":"<>&","c\u0041":1,"cA":2}""",
        """{"a":-0,"b":1.0,"c":1e2,"d":9223372036854775808,"e":-9223372036854775808,"f":0.5}""",
        """{"a":"\ud800"}""",
        """{"a":1} {"b":2}""" + "\n" + """[3] "x" null 4""",
        """{"x":{"items":[1]},"y":[{"items":"z"}]}""",
        """{"a": 1,""" + "\n" + """ "b": [true, false, null]}""",
    ];

    public static IEnumerable<TestCaseData> Inputs()
    {
        foreach (var file in Directory.GetFiles(FixtureFolder).Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(Path.GetFileName(file), File.ReadAllText(file)).SetArgDisplayNames(Path.GetFileName(file));
        }

        for (var i = 0; i < Snippets.Length; i++)
        {
            yield return new TestCaseData($"snippet-{i}", Snippets[i]).SetArgDisplayNames($"snippet-{i}");
        }
    }

    [TestCaseSource(nameof(Inputs))]
    public void Read_FastPathAndCompleteParser_GiveTheSameOutcome(string name, string text) => AssertSameOutcome(name, text);

    [Test]
    public void Read_WriterOutput_FastPathAndCompleteParserAgree()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            AssertSameOutcome($"seed-{seed}", ManifestWriter.Write(RandomJsonTrees.Manifest(seed)));
        }
    }

    [Test]
    public void TryParse_OrdinaryManifests_TakeTheFastPath()
    {
        var text = File.ReadAllText(Path.Combine(FixtureFolder, "realistic-deployment.yaml"));
        var parts = YamlDocumentSplitter.Split(text);
        Assert.That(parts, Has.Count.EqualTo(2));
        foreach (var part in parts)
        {
            Assert.That(FastBlockYamlParser.TryParse(text.Substring(part.Start, part.Length), out _), Is.True);
        }

        // What the writer makes of ordinary manifests is in the subset too.
        foreach (var manifest in ManifestReader.Default.Read(text, "d.yaml"))
        {
            Assert.That(FastBlockYamlParser.TryParse(ManifestWriter.Write(manifest), out _), Is.True, ManifestWriter.Write(manifest));
        }
    }

    [TestCase("a: >\n  folded\n")]
    [TestCase("a: \"multi\n  line\"\n")]
    [TestCase("a: !!str 1\n")]
    [TestCase("a: b\n  continued\n")]
    [TestCase("a: 1.0\n")]
    public void TryParse_OutsideTheSubset_GivesUp(string text) =>
        Assert.That(FastBlockYamlParser.TryParse(text, out _), Is.False);

    [Test]
    public void TryParse_LoneSurrogate_GivesUp() =>
        // Built at run time: an attribute argument would store the surrogate as U+FFFD.
        Assert.That(FastBlockYamlParser.TryParse("a: x" + (char)0xD800 + "y\n", out _), Is.False);

    [TestCase("a: x\U0001F600y\n")]
    [TestCase("a: 1.5\nb: [1, 'x', \"y\"]\nc: &a {d: 1}\ne: *a\n")]
    public void TryParse_WithinTheSubset_GivesParsedJson(string text)
    {
        Assert.That(FastBlockYamlParser.TryParse(text, out var document), Is.True);
        Assert.That(document!.Json, Is.Not.Null);
    }

    private static void AssertSameOutcome(string name, string text)
    {
        var fast = Outcome(text, disableFastPath: false);
        var complete = Outcome(text, disableFastPath: true);
        Assert.That(fast, Is.EqualTo(complete), $"{name}:\n{text}");
    }

    private static string Outcome(string text, bool disableFastPath)
    {
        var reader = new ManifestReader(new ManifestReaderOptions { RequireObjectIdentity = false, DisableFastPath = disableFastPath });
        try
        {
            var result = new StringBuilder();
            foreach (var manifest in reader.Read(text, "t.yaml"))
            {
                result.Append(manifest.Source).Append(' ').Append(manifest.Source!.DocumentIndex).Append(' ').Append(ManifestWriter.Write(manifest)).Append('\n');
                result.Append(string.Join(",", Types(manifest.Root))).Append('\n');
            }

            return result.ToString();
        }
        catch (ManifestFormatException e)
        {
            return "error " + e.Location + " " + e.Location?.DocumentIndex + " " + e.Problem;
        }
    }

    private static IEnumerable<string> Types(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => o.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => Types(p.Value).Prepend(p.Key)),
        System.Text.Json.Nodes.JsonArray a => a.SelectMany(Types),
        System.Text.Json.Nodes.JsonValue v => [v.GetValueKind() + (v.TryGetValue(out long _) ? "L" : v.TryGetValue(out ulong _) ? "U" : string.Empty)],
        _ => ["null"],
    };
}
