using GitOps.Tests.TestSupport;

namespace GitOps.Renderers.Tests.Tools;

/// <summary>Base of tests that run stand-in tools: POSIX shell scripts in a fresh folder per test.</summary>
public abstract class StandInToolTest
{
    private TempDirectory? _dir;

    internal TempDirectory Dir => _dir ?? throw new InvalidOperationException("No test folder.");

    [SetUp]
    public void CreateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("The stand-in tools are POSIX shell scripts.");
        }

        _dir = new TempDirectory();
    }

    [TearDown]
    public void RemoveFolder() => _dir?.Dispose();

    internal string Script(string relativePath, string body) => ExternalTools.WriteScript(Dir, relativePath, body);
}
