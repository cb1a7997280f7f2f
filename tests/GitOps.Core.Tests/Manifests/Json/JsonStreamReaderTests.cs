using System.Text;
using GitOps.Manifests;
using GitOps.Manifests.Json;

namespace GitOps.Tests.Manifests.Json;

public sealed class JsonStreamReaderTests
{
    private static readonly ManifestReaderOptions Options = new();

    [TestCase("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v \u00e9"},"n":[1,-2,true,null]}""")]
    [TestCase("""{"kind":"List","items":[{"a":1},{"b":2}]}""")]
    public void ReadAll_PlainValue_IsHandedOutAsParsedText(string json)
    {
        var document = new JsonStreamReader(Encoding.UTF8.GetBytes(json), "f.json", Options).ReadAll().Single();
        Assert.That(document.Json, Is.Not.Null);
        Assert.That(document.Root, Is.Null);
    }

    [TestCase("""{"f":1.5}""")]
    [TestCase("""{"i":9223372036854775808}""")]
    [TestCase("""{"z":-0}""")]
    [TestCase("""{"a":1,"a":2}""")]
    [TestCase("""{"\u0061":1}""")]
    public void ReadAll_ValueTheTreeReaderChanges_IsBuiltAsATree(string json)
    {
        var reader = new JsonStreamReader(Encoding.UTF8.GetBytes(json), "f.json", new ManifestReaderOptions { AllowDuplicateKeys = true });
        var document = reader.ReadAll().Single();
        Assert.That(document.Json, Is.Null);
        Assert.That(document.Root, Is.Not.Null);
    }

    [Test]
    public void ReadAll_ListItems_KeepTheirPositions()
    {
        var json = "{\"items\": [\n  {\"a\": 1},\n  [2],\n   3]}";
        var document = new JsonStreamReader(Encoding.UTF8.GetBytes(json), "f.json", Options).ReadAll().Single();
        Assert.That(document.Json, Is.Not.Null);
        Assert.That(document.ItemPositions, Is.EqualTo(new[] { (2, 3), (3, 3), (4, 4) }));
    }

    [Test]
    public void Read_InvalidUtf8InAString_FailsWithTheLine()
    {
        var json = Encoding.UTF8.GetBytes("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n \"metadata\": {\"name\": \"a\"}, \"data\": {\"k\": \"x?\"}}");
        json[^4] = 0xFF;
        var error = Assert.Throws<ManifestFormatException>(() => ManifestReader.Default.Read(json, "f.json"));
        Assert.That(error!.Location!.Line, Is.EqualTo(2));
    }

    [Test]
    public void Read_RepeatedKeyBeforeASyntaxError_ReportsTheRepeatedKey()
    {
        var error = Assert.Throws<ManifestFormatException>(() =>
            ManifestReader.Default.Read(Encoding.UTF8.GetBytes("""{"apiVersion":"v1","a":1,"a":2,"b":[1,]}"""), "f.json"));
        Assert.That(error!.Problem, Does.Contain("mapping key \"a\" already defined"));
    }
}
