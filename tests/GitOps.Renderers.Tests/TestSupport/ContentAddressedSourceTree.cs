using System.Security.Cryptography;
using GitOps.Sources;

namespace GitOps.Tests.TestSupport;

/// <summary>
/// A folder presented as one revision of a repository: a fixed origin, content ids that are the SHA-256 of each
/// file (as Git's blob SHAs identify content), and a count of the reads callers make.
/// </summary>
internal sealed class ContentAddressedSourceTree(string folder, string origin, string revision) : ISourceTree
{
    private readonly LocalDirectorySourceTree _inner = new(folder);
    private int _reads;

    public string Origin => origin;

    public string? Revision => revision;

    public int Reads => Volatile.Read(ref _reads);

    public SourceEntry? GetEntry(string path) => _inner.GetEntry(path);

    public IReadOnlyList<SourceEntry> ListDirectory(string path) => _inner.ListDirectory(path);

    /// <summary>Awaited before each read, to hold a render in the middle of a file.</summary>
    public Func<Task>? BeforeRead { get; init; }

    public async ValueTask<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        if (BeforeRead is not null)
        {
            await BeforeRead();
        }

        return await _inner.ReadFileAsync(path, cancellationToken);
    }

    public string? GetContentId(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(_inner.ReadFileAsync(path).AsTask().GetAwaiter().GetResult()));
        }
        catch (SourcePathException)
        {
            return null;
        }
    }
}
