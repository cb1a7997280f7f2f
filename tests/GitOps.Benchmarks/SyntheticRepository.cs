using System.Globalization;
using LibGit2Sharp;

namespace GitOps.Benchmarks;

/// <summary>
/// A Git repository of ConfigMap manifests for benchmarks: <c>directories × files</c> files per revision, each new
/// revision rewriting one file in ten, so revisions share most blobs as real history does.
/// </summary>
internal static class SyntheticRepository
{
    public static async Task<(string Url, List<string> Revisions)> CreateAsync(string folder, int revisions, int directories, int filesPerDirectory)
    {
        var shas = new List<string>();
        Repository.Init(folder);
        using var repository = new Repository(folder);
        var signature = new Signature("bench", "bench@gitops.invalid", DateTimeOffset.UnixEpoch);
        for (var revision = 0; revision < revisions; revision++)
        {
            for (var d = 0; d < directories; d++)
            {
                var directory = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"app{d:D2}"));
                Directory.CreateDirectory(directory);
                for (var f = 0; f < filesPerDirectory; f++)
                {
                    if (revision == 0 || f % 10 == revision)
                    {
                        await File.WriteAllTextAsync(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"manifest{f:D3}.yaml")), Manifest(d, f, revision));
                    }
                }
            }

            Commands.Stage(repository, "*");
            shas.Add(repository.Commit($"revision {revision}", signature, signature).Sha);
        }

        return (new Uri(folder).AbsoluteUri, shas);
    }

    private static string Manifest(int directory, int file, int revision) => string.Create(CultureInfo.InvariantCulture,
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app{directory}-cm{file}\n  namespace: team{directory}\ndata:\n  revision: \"{revision}\"\n  payload: \"{new string('x', 200 + (file * 7 % 300))}\"\n");
}
