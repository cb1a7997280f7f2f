using Microsoft.Playwright;

namespace GitOps.Dashboard.Tests.TestSupport;

/// <summary>
/// Launches the machine's own Chromium (Debian's <c>chromium</c> package, which <c>eng/install-tools.sh</c> installs)
/// through Playwright; Playwright's own browser downloads are never used. When no Chromium is found or it cannot start,
/// the test is ignored with the reason, never passed.
/// </summary>
internal static class SystemChromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            foreach (var name in Names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Find();
        if (executable is null)
        {
            Assert.Ignore("No Chromium on PATH or in /usr/bin: run eng/install-tools.sh (it installs Debian's chromium package).");
        }

        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                // Tests run as root in CI, where Chromium's sandbox cannot start.
                Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
                Timeout = 30_000,
            });
            return (playwright, browser);
        }
        catch (Exception e) when (e is not ResultStateException)
        {
            playwright?.Dispose();
            Assert.Ignore($"Chromium at {executable} could not be started by Playwright ({e.GetType().Name}): {e.Message}");
            throw;
        }
    }
}
