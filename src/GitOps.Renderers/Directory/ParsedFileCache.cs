using System.Collections.Concurrent;
using GitOps.Caching;
using GitOps.Manifests;

namespace GitOps.Renderers.Directory;

/// <summary>
/// The parsed objects of manifest files, keyed by origin, content id and path (the path is part of each object's
/// source location), so that a file unchanged between revisions is parsed once. Entries weigh their source's bytes.
/// Renders of neighbouring revisions that run at the same time meet the same files at about the same moment, so a
/// file being parsed by one render is waited for by the others rather than parsed again. Objects are mutable: the
/// cache keeps its own copies and hands out fresh ones.
/// </summary>
internal sealed class ParsedFileCache
{
    private readonly ByteBudgetCache<Key, ParsedFile> _entries;
    // Many locks: every render of every revision claims each of its files here.
    private readonly ConcurrentDictionary<Key, TaskCompletionSource<ParsedFile?>> _inFlight = new(concurrencyLevel: 64, capacity: 1024);

    public ParsedFileCache(long budgetBytes)
    {
        _entries = new ByteBudgetCache<Key, ParsedFile>(budgetBytes);
    }

    public bool IsEnabled => _entries.BudgetBytes > 0;

    /// <summary>
    /// Returns the file with fresh copies of its objects when it is cached or another render is parsing it (waiting
    /// for that render); otherwise <see langword="null"/>, and the caller must parse the file and then call
    /// <see cref="Complete"/> with the claim, whatever happens.
    /// </summary>
    public async ValueTask<(ParsedFile? File, Claim Claim)> GetOrClaimAsync(string origin, string contentId, string path, CancellationToken cancellationToken)
    {
        var key = new Key(origin, contentId, path);
        while (true)
        {
            if (_entries.TryGet(key, out var cached))
            {
                return (Copy(cached), default);
            }

            var claim = new TaskCompletionSource<ParsedFile?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var owner = _inFlight.GetOrAdd(key, claim);
            if (ReferenceEquals(owner, claim))
            {
                return (null, new Claim(key, claim));
            }

            // null: the other render could not cache the file (it failed or warned); try again, most likely parsing it
            // here, so that this render reports its own error or warning.
            if (await owner.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } parsed)
            {
                return (Copy(parsed), default);
            }
        }
    }

    /// <summary>
    /// Ends a claim: keeps copies of the parsed file (the caller keeps the originals) and hands it to waiting
    /// renders, or, with <see langword="null"/>, lets them parse the file themselves.
    /// </summary>
    public void Complete(Claim claim, ParsedFile? parsed)
    {
        if (claim.Source is null)
        {
            return;
        }

        var kept = parsed is null ? null : Copy(parsed);
        if (kept is not null)
        {
            _entries.Set(claim.Key, kept, kept.Length);
        }

        _inFlight.TryRemove(new KeyValuePair<Key, TaskCompletionSource<ParsedFile?>>(claim.Key, claim.Source));
        claim.Source.SetResult(kept);
    }

    private static ParsedFile Copy(ParsedFile parsed)
    {
        var copies = new List<ManifestObject>(parsed.Objects.Count);
        foreach (var item in parsed.Objects)
        {
            copies.Add(item.DeepClone());
        }

        return parsed with { Objects = copies };
    }

    /// <summary>The right, and duty, to parse a file and complete the claim.</summary>
    internal readonly record struct Claim(Key Key, TaskCompletionSource<ParsedFile?>? Source);

    internal readonly record struct Key(string Origin, string ContentId, string Path);
}
