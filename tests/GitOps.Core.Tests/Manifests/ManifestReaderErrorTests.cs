using System.Globalization;
using System.Text;
using GitOps.Manifests;

namespace GitOps.Tests.Manifests;

public sealed class ManifestReaderErrorTests
{
    private const string Header = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n";

    private static ManifestFormatException ReadFails(string text, ManifestReaderOptions? options = null, string file = "bad.yaml") =>
        Assert.Throws<ManifestFormatException>(() => new ManifestReader(options).Read(text, file))!;

    private static void AssertAt(ManifestFormatException error, int line, int column, string problemPart)
    {
        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.Not.Null);
            Assert.That(error.Location!.File, Is.EqualTo("bad.yaml"));
            Assert.That((error.Location.Line, error.Location.Column), Is.EqualTo((line, column)), error.Message);
            Assert.That(error.Problem, Does.Contain(problemPart));
            Assert.That(error.Message, Does.StartWith($"bad.yaml:{line}:{column}: "));
        });
    }

    [Test]
    public void Read_DuplicateKey_FailsAtTheSecondKey() =>
        AssertAt(ReadFails(Header + "data:\n  a: 1\n  b: 2\n  a: 3\n"), 8, 3, "mapping key \"a\" already defined");

    [Test]
    public void Read_KeysEqualAfterConversion_AreDuplicates() =>
        AssertAt(ReadFails(Header + "data:\n  yes: 1\n  on: 2\n"), 7, 3, "mapping key \"true\" already defined");

    [Test]
    public void Read_DuplicateJsonKey_Fails() =>
        AssertAt(ReadFails("{\"apiVersion\": \"v1\",\n \"apiVersion\": \"v2\"}"), 2, 2, "mapping key \"apiVersion\" already defined");

    [Test]
    public void Read_TabIndentation_FailsWithLine()
    {
        var error = ReadFails(Header + "data:\n\ta: b\n");
        Assert.That(error.Location!.Line, Is.EqualTo(6), error.Message);
    }

    [Test]
    public void Read_BadIndentation_FailsWithLine() =>
        Assert.That(ReadFails(Header + "data:\n  a: 1\n b: 2\n").Location!.Line, Is.GreaterThanOrEqualTo(6));

    [Test]
    public void Read_UnclosedFlowMapping_Fails() =>
        Assert.That(ReadFails(Header + "data: {a: 1\n").Location!.Line, Is.GreaterThan(0));

    [TestCase("!!int abc", "cannot decode !!str `abc` as a !!int")]
    [TestCase("!!int 1.5", "cannot decode !!float `1.5` as a !!int")]
    [TestCase("!!bool 1", "cannot decode !!int `1` as a !!bool")]
    [TestCase("!!null x", "cannot decode !!str `x` as a !!null")]
    [TestCase("!!float yes", "cannot decode !!bool `yes` as a !!float")]
    [TestCase("!!timestamp soon", "cannot decode !!str `soon` as a !!timestamp")]
    [TestCase("!!binary \"####\"", "!!binary value contains invalid base64 data")]
    public void Read_TagThatDisagreesWithTheText_Fails(string value, string problem) =>
        AssertAt(ReadFails(Header + "data:\n  x: " + value + "\n"), 6, 6, problem);

    [TestCase(".inf")]
    [TestCase("-.Inf")]
    [TestCase(".NaN")]
    public void Read_InfinityOrNaNValue_FailsAsKubectlDoes(string value) =>
        AssertAt(ReadFails(Header + "spec:\n  x: " + value + "\n"), 6, 6, "has no JSON form");

    [TestCase("~", "unsupported map key: null")]
    [TestCase("18446744073709551615", "unsupported map key of type uint64")]
    public void Read_KeyWithNoStringForm_Fails(string key, string problem) =>
        AssertAt(ReadFails(Header + "data:\n  " + key + ": v\n"), 6, 3, problem);

    [Test]
    public void Read_SequenceAsKey_Fails() =>
        AssertAt(ReadFails(Header + "data:\n  ? [a]\n  : v\n"), 6, 5, "invalid map key");

    [Test]
    public void Read_UnknownAnchor_Fails() =>
        AssertAt(ReadFails(Header + "data:\n  x: *nope\n"), 6, 6, "unknown anchor 'nope' referenced");

    [TestCase("1")]
    [TestCase("[a, b]")]
    [TestCase("~")]
    public void Read_MergeOfNonMapping_Fails(string value) =>
        AssertAt(ReadFails(Header + "data:\n  <<: " + value + "\n"), 6, 7, "map merge requires map or sequence of maps");

    [TestCase("- a\n- b\n", "sequence")]
    [TestCase("just text\n", "scalar")]
    [TestCase("[1]\n", "sequence")]
    public void Read_DocumentThatIsNotAMapping_Fails(string text, string found) =>
        AssertAt(ReadFails(text), 1, 1, "not a mapping but a " + found);

    [Test]
    public void Read_ListItemThatIsNotAMapping_FailsAtTheItem() =>
        AssertAt(ReadFails("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- 1\n"), 7, 3, "items[1]");

    [Test]
    public void Read_ListItemsNotASequence_Fails() =>
        AssertAt(ReadFails("apiVersion: v1\nkind: List\nitems: nope\n"), 1, 1, "items field");

    [TestCase("kind: ConfigMap\nmetadata: {name: a}\n", "no apiVersion")]
    [TestCase("apiVersion: v1\nmetadata: {name: a}\n", "no kind")]
    [TestCase("apiVersion: v1\nkind: ConfigMap\n", "no metadata.name")]
    [TestCase("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ''}\n", "no metadata.name")]
    public void Read_MissingIdentity_Fails(string text, string problem) =>
        AssertAt(ReadFails(text), 1, 1, problem);

    [Test]
    public void Read_SecondDocumentInvalid_NamesItsLineAndIndex()
    {
        var error = ReadFails(Header + "---\n" + Header + "data:\n  a: [\n");
        Assert.That(error.Location!.DocumentIndex, Is.EqualTo(1));
        Assert.That(error.Location.Line, Is.GreaterThan(5));
    }

    [Test]
    public void Read_BillionLaughs_FailsFastInBoundedMemory()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n");
        text.Append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 12; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = ReadFails(text.ToString());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(error.Problem, Does.Contain("MaxAliasExpansionNodes"));
        // 10^12 nodes if expanded; the budget stops it after about a million.
        Assert.That(allocated, Is.LessThan(1_000_000_000L), "allocated bytes");
    }

    [Test]
    public void Read_AliasExpansionOverCustomBudget_Fails()
    {
        var options = new ManifestReaderOptions { MaxAliasExpansionNodes = 5 };
        var error = ReadFails(Header + "data:\n  a: &a [1, 2, 3]\n  b: *a\n  c: *a\n", options);
        AssertAt(error, 8, 6, "alias expansion exceeds 5 nodes");
    }

    [Test]
    public void Read_NestingDeeperThanMaxDepth_Fails()
    {
        var options = new ManifestReaderOptions { MaxDepth = 10, RequireObjectIdentity = false };
        var error = ReadFails("a: " + new string('[', 10) + new string(']', 10) + "\n", options);
        Assert.That(error.Problem, Does.Contain("MaxDepth"));
        Assert.That(error.Location!.Line, Is.EqualTo(1));
    }

    [Test]
    public void Read_VeryDeepJson_FailsWithoutStackOverflow()
    {
        var error = ReadFails(new string('[', 100_000));
        Assert.That(error.Location!.Line, Is.EqualTo(1));
    }

    [Test]
    public void Read_VeryDeepYaml_FailsWithoutStackOverflow() =>
        Assert.That(ReadFails("a: " + new string('[', 100_000)).Problem, Does.Contain("MaxDepth"));

    [Test]
    public void Read_InputLargerThanMaxInputBytes_FailsBeforeParsing()
    {
        var options = new ManifestReaderOptions { MaxInputBytes = 100 };
        var error = Assert.Throws<ManifestFormatException>(() => new ManifestReader(options).Read(new byte[101], "big.yaml"))!;
        Assert.That(error.Problem, Does.Contain("MaxInputBytes"));
        Assert.That(() => new ManifestReader(options).Read(new string('é', 60), "big.yaml"), Throws.TypeOf<ManifestFormatException>());
    }

    [Test]
    public void Read_InvalidUtf8_Fails() =>
        Assert.That(() => ManifestReader.Default.Read(new byte[] { 0x61, 0x3A, 0x20, 0xC3, 0x28 }, "bad.yaml"), Throws.TypeOf<ManifestFormatException>().With.Message.Contains("UTF-8"));

    [Test]
    public void Read_JsonNumberOutOfRange_FailsWithPosition() =>
        AssertAt(ReadFails("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n \"x\": 1e400}"), 2, 7, "out of range");

    [Test]
    public void Read_BrokenJson_ReportsTheJsonError() =>
        Assert.That(ReadFails("{\"apiVersion\": \"v1\",\n \"kind\": }").Problem, Does.StartWith("invalid JSON"));

    [Test]
    public void Read_ContentOnSeparatorLine_FailsAsKubectlDoes() =>
        AssertAt(ReadFails(Header + "--- {a: 1}\n"), 5, 1, "invalid document separator");

    [Test]
    public void Read_SeparatorWithComment_IsFine() =>
        Assert.That(ManifestReader.Default.Read(Header + "--- # next\n" + Header, "ok.yaml"), Has.Count.EqualTo(2));

    [TestCase("%YAML 1.1\n---\n")]
    [TestCase("%TAG !e! tag:example.com,2000:\n---\n")]
    public void Read_Directive_Fails(string directive) =>
        AssertAt(ReadFails(directive + Header), 1, 1, "directives");

    [Test]
    public void Read_SlashEscape_FailsAsInYamlOneOne() =>
        AssertAt(ReadFails(Header + "data:\n  u: \"http:\\/\\/x\"\n"), 6, 6, "unknown escape");

    [Test]
    public void Read_EscapedBackslashBeforeSlash_IsFine() =>
        Assert.That(
            ManifestReader.Default.Read(Header + "data:\n  u: \"a\\\\/b\"\n", "ok.yaml")[0].Root["data"]!["u"]!.GetValue<string>(),
            Is.EqualTo("a\\/b"));

    [Test]
    public void Read_RawControlCharacter_FailsAtItsPosition() =>
        AssertAt(ReadFails(Header + "data:\n  a: x\u0001y\n"), 6, 7, "control characters are not allowed");

    [TestCase("!custom text", 6, 6)]
    [TestCase("!!set {a: 1}", 6, 6)]
    [TestCase("!thing [1]", 6, 6)]
    public void Read_UnknownTagWhenRejected_Fails(string value, int line, int column) =>
        AssertAt(ReadFails(Header + "data:\n  x: " + value + "\n", new ManifestReaderOptions { RejectUnknownTags = true }), line, column, "unknown tag");

    [Test]
    public void Read_CoreTagsWhenUnknownRejected_AreFine()
    {
        var reader = new ManifestReader(new ManifestReaderOptions { RejectUnknownTags = true });
        var data = reader.Read(Header + "data:\n  a: !!str 1\n  b: !!map {c: !!int 2}\n  d: !!seq [! x]\n", "ok.yaml")[0].Root["data"]!;
        Assert.That(data.ToJsonString(), Is.EqualTo("{\"a\":\"1\",\"b\":{\"c\":2},\"d\":[\"x\"]}"));
    }

    [Test]
    public void Constructor_NonPositiveLimit_Throws() =>
        Assert.That(() => new ManifestReader(new ManifestReaderOptions { MaxDepth = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>());
}
