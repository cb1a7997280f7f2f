using GitOps.Sources;

namespace GitOps.Reconcile;

// A source tree without a revision: the render cache keys on the revision, so renders of it are never cached.
internal sealed class UncachedSourceTree(ISourceTree inner) : ISourceTree
{
    public string Origin => inner.Origin;

    public string? Revision => null;

    public SourceEntry? GetEntry(string path) => inner.GetEntry(path);

    public IReadOnlyList<SourceEntry> ListDirectory(string path) => inner.ListDirectory(path);

    public ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default) => inner.ReadFileAsync(path, cancellationToken);
}
