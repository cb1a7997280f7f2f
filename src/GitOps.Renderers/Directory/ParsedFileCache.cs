using GitOps.Caching;
using GitOps.Manifests;

namespace GitOps.Renderers.Directory;

/// <summary>
/// The parsed objects of manifest files, keyed by origin, content id and path (the path is part of each object's
/// source location), so that a file unchanged between revisions is parsed once. Entries weigh their source's bytes.
/// Objects are mutable: the cache keeps its own copies and hands out fresh ones.
/// </summary>
internal sealed class ParsedFileCache
{
    private readonly ByteBudgetCache<(string Origin, string ContentId, string Path), Entry> _entries;

    public ParsedFileCache(long budgetBytes)
    {
        _entries = new ByteBudgetCache<(string Origin, string ContentId, string Path), Entry>(budgetBytes);
    }

    public bool IsEnabled => _entries.BudgetBytes > 0;

    public long Hits => _entries.Hits;

    /// <summary>A cached file: its length, whether it carries the skip marker, and copies of its objects.</summary>
    public bool TryGet(string origin, string contentId, string path, out int length, out bool skipped, out List<ManifestObject> objects)
    {
        if (_entries.TryGet((origin, contentId, path), out var entry))
        {
            length = entry.Length;
            skipped = entry.Skipped;
            objects = Clone(entry.Objects);
            return true;
        }

        length = 0;
        skipped = false;
        objects = [];
        return false;
    }

    /// <summary>Keeps copies of a file's objects; the caller keeps the originals.</summary>
    public void Add(string origin, string contentId, string path, int length, bool skipped, IReadOnlyList<ManifestObject> objects) =>
        _entries.Set((origin, contentId, path), new Entry(length, skipped, Clone(objects)), length);

    private static List<ManifestObject> Clone(IReadOnlyList<ManifestObject> objects)
    {
        var copies = new List<ManifestObject>(objects.Count);
        foreach (var item in objects)
        {
            copies.Add(item.DeepClone());
        }

        return copies;
    }

    private sealed record Entry(int Length, bool Skipped, List<ManifestObject> Objects);
}
