using GitOps.Manifests;

namespace GitOps.Tests.Diff;

public sealed class QuantityTests
{
    [TestCase("1000m", "1")]
    [TestCase("512Mi", "0.5Gi")]
    [TestCase("1k", "1000")]
    [TestCase("1e3", "1k")]
    [TestCase("1E3", "1000")]
    [TestCase(".5", "500m")]
    [TestCase("5.", "5")]
    [TestCase("1Ki", "1024")]
    [TestCase("+2", "2")]
    [TestCase("0.1", "100m")]
    [TestCase("1n", "0.000000001")]
    public void Parse_EqualAmounts_CompareEqual(string a, string b) =>
        Assert.That(Quantity.Parse(a), Is.EqualTo(Quantity.Parse(b)));

    [TestCase("100m", "101m")]
    [TestCase("1Gi", "1G")]
    [TestCase("-1", "1")]
    public void Parse_DifferentAmounts_CompareUnequal(string a, string b) =>
        Assert.That(Quantity.Parse(a), Is.Not.EqualTo(Quantity.Parse(b)));

    [TestCase("")]
    [TestCase("abc")]
    [TestCase("1.2.3")]
    [TestCase("1Q")]
    [TestCase("m")]
    [TestCase("1e")]
    public void TryParse_Invalid_ReturnsFalse(string text) =>
        Assert.That(Quantity.TryParse(text, out _), Is.False);

    [Test]
    public void Parse_BelowNanoPrecision_RoundsUpAsTheApiServer() =>
        Assert.That(Quantity.Parse("0.1n"), Is.EqualTo(Quantity.Parse("1n")));

    [Test]
    public void ToString_Value_PlainDecimal() =>
        Assert.Multiple(() =>
        {
            Assert.That(Quantity.Parse("1500m").ToString(), Is.EqualTo("1.5"));
            Assert.That(Quantity.Parse("2Ki").ToString(), Is.EqualTo("2048"));
            Assert.That(Quantity.Parse("-250m").ToString(), Is.EqualTo("-0.25"));
        });

    [Test]
    public void CompareTo_Ordered() =>
        Assert.That(Quantity.Parse("100m") < Quantity.Parse("1"), Is.True);
}
