using LibGit2Sharp;

namespace GitOps.Cli.Demo;

/// <summary>
/// The demo's Git repository, in a temporary folder: the guestbook sample application committed three times (deploy,
/// change, remove something), tagged v1, v2 and v3. Built with LibGit2Sharp, so no git program is needed.
/// </summary>
internal sealed class DemoRepository : IDisposable
{
    public const string AppPath = "guestbook";

    private static readonly string FeaturesFile = $"{AppPath}/features.yaml";

    private DemoRepository(string folder) => Folder = folder;

    public string Folder { get; }

    public string Path => System.IO.Path.Combine(Folder, "repo");

    public string Url => new Uri(Path).AbsoluteUri;

    public static DemoRepository Create()
    {
        var demo = new DemoRepository(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gitops-demo-" + Guid.NewGuid().ToString("N")[..8]));
        Repository.Init(demo.Path);
        using var repo = new Repository(demo.Path);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
        foreach (var (name, text) in SampleFiles())
        {
            demo.Write($"{AppPath}/{name}", text);
        }

        demo.Write(FeaturesFile, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guestbook-features\ndata:\n  dark-mode: \"true\"\n");
        Commit(repo, "Deploy the guestbook: Deployment, Service and two ConfigMaps", "v1");

        demo.Edit($"{AppPath}/deployment.yaml", "replicas: 2", "replicas: 3");
        demo.Edit($"{AppPath}/config.yaml", "greeting: Hello from GitOps .NET", "greeting: Hello again, from Git");
        Commit(repo, "Scale the guestbook to 3 replicas and change its greeting", "v2");

        File.Delete(System.IO.Path.Combine(demo.Path, FeaturesFile));
        Commit(repo, "Remove the feature flags ConfigMap", "v3");
        return demo;
    }

    public void Dispose()
    {
        // Git makes its object files read-only; clear that so the folder can go on every platform.
        if (Directory.Exists(Folder))
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void Commit(Repository repo, string message, string tag)
    {
        LibGit2Sharp.Commands.Stage(repo, "*");
        var signature = new Signature("GitOps .NET demo", "demo@gitops.invalid", DateTimeOffset.UtcNow);
        repo.Commit(message, signature, signature);
        repo.ApplyTag(tag);
    }

    private static IEnumerable<(string Name, string Text)> SampleFiles()
    {
        var assembly = typeof(DemoRepository).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(AppPath + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource[(AppPath.Length + 1)..], reader.ReadToEnd());
        }
    }

    private void Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private void Edit(string relative, string from, string to)
    {
        var full = System.IO.Path.Combine(Path, relative);
        var text = File.ReadAllText(full);
        if (!text.Contains(from, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The demo expected '{from}' in {relative}; the sample application changed.");
        }

        File.WriteAllText(full, text.Replace(from, to, StringComparison.Ordinal));
    }
}
