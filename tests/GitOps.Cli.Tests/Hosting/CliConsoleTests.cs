using GitOps.Cli.Hosting;

namespace GitOps.Cli.Tests.Hosting;

public sealed class CliConsoleTests
{
    [TestCase(false, null, true)]
    [TestCase(false, "", true)]
    [TestCase(false, "1", false)]
    [TestCase(true, null, false)]
    public void ShouldColor_TerminalAndNoColor_OnlyOnTerminalWithoutNoColor(bool redirected, string? noColor, bool expected) =>
        Assert.That(CliConsole.ShouldColor(redirected, noColor), Is.EqualTo(expected));

    [Test]
    public void Redact_SecretInText_Masked()
    {
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, Color: false);
        console.Secrets.Add("s3cret");

        Assert.That(console.Redact("401 for token s3cret at server"), Is.EqualTo("401 for token *** at server"));
    }
}
