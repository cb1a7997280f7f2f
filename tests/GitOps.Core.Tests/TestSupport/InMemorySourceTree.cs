using System.Text;
using GitOps.Sources;

namespace GitOps.Tests.TestSupport;

/// <summary>A source tree held in memory, optionally pretending to be a Git revision.</summary>
internal sealed class InMemorySourceTree(IReadOnlyDictionary<string, string> files, string? revision = null, string origin = "memory")
    : ISourceTree
{
    public string Origin { get; } = origin;

    public string? Revision { get; } = revision;

    public SourceEntry? GetEntry(string path)
    {
        var normalized = SourcePath.Normalize(path);
        if (files.TryGetValue(normalized, out var content))
        {
            return new SourceEntry(normalized, SourceEntryKind.File, Encoding.UTF8.GetByteCount(content));
        }

        return normalized.Length == 0 || files.Keys.Any(k => k.StartsWith(normalized + "/", StringComparison.Ordinal))
            ? new SourceEntry(normalized, SourceEntryKind.Directory, 0)
            : null;
    }

    public IReadOnlyList<SourceEntry> ListDirectory(string path)
    {
        var normalized = SourcePath.Normalize(path);
        var prefix = normalized.Length == 0 ? string.Empty : normalized + "/";
        return files.Keys
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => prefix + k[prefix.Length..].Split('/')[0])
            .Distinct()
            .Select(p => GetEntry(p)!)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }

    public ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        files.TryGetValue(SourcePath.Normalize(path), out var content)
            ? ValueTask.FromResult(Encoding.UTF8.GetBytes(content))
            : throw new SourcePathException(SourcePathError.NotFound, $"File '{path}' does not exist.");
}
