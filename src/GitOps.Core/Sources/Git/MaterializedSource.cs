namespace GitOps.Sources.Git;

/// <summary>A revision written out as real files in a folder that is deleted when this is disposed.</summary>
public sealed class MaterializedSource : IAsyncDisposable
{
    private int _disposed;

    internal MaterializedSource(string path, string revision)
    {
        Path = path;
        Revision = revision;
    }

    /// <summary>The folder holding the files.</summary>
    public string Path { get; }

    /// <summary>The commit SHA the files come from.</summary>
    public string Revision { get; }

    /// <summary>Deletes the folder.</summary>
    /// <returns>A task completing once the folder is gone.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Directory.Exists(Path))
        {
            await Task.Run(() => Directory.Delete(Path, recursive: true)).ConfigureAwait(false);
        }
    }
}
