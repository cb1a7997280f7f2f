using Microsoft.Playwright;

namespace GitOps.Dashboard.Tests.TestSupport;

/// <summary>Screenshots saved under <c>artifacts/screenshots/</c> of the repository (ignored by Git) and attached to the test result.</summary>
internal static class Artifacts
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var root = FindRepositoryRoot(TestContext.CurrentContext.TestDirectory) ?? TestContext.CurrentContext.WorkDirectory;
        var folder = Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder.Value, $"{TestContext.CurrentContext.Test.MethodName}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOps.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
