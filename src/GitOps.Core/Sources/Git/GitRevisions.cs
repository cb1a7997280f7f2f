using GitOps.Versioning;
using LibGit2Sharp;

namespace GitOps.Sources.Git;

/// <summary>How a target revision maps onto a remote's references and the local object database.</summary>
internal static class GitRevisions
{
    private const string HeadsPrefix = "refs/heads/";
    private const string TagsPrefix = "refs/tags/";
    private const string PeeledSuffix = "^{}";

    public static bool IsFullSha(string text) => text.Length is 40 or 64 && IsHex(text);

    /// <summary>Argo CD accepts abbreviated SHAs of 7 or more hex digits.</summary>
    public static bool IsShortSha(string text) => text.Length is >= 7 and < 40 && IsHex(text);

    /// <summary>
    /// Finds the object a revision names among the remote's references: <c>HEAD</c> follows the remote's default
    /// branch; otherwise a full reference name, then a branch, then a tag of that name.
    /// </summary>
    /// <returns>The object id (a commit, or a tag object for annotated tags), or <see langword="null"/>.</returns>
    public static string? MatchReference(IReadOnlyList<Reference> references, string revision)
    {
        var direct = references.Where(r => !r.CanonicalName.EndsWith(PeeledSuffix, StringComparison.Ordinal)).ToList();
        if (revision == "HEAD")
        {
            var head = direct.FirstOrDefault(r => r.CanonicalName == "HEAD");
            if (head is SymbolicReference { TargetIdentifier: var targetName })
            {
                return direct.FirstOrDefault(r => r.CanonicalName == targetName)?.TargetIdentifier;
            }

            return head?.TargetIdentifier;
        }

        return (direct.FirstOrDefault(r => r.CanonicalName == revision && r is DirectReference)
            ?? direct.FirstOrDefault(r => r.CanonicalName == HeadsPrefix + revision)
            ?? direct.FirstOrDefault(r => r.CanonicalName == TagsPrefix + revision))?.TargetIdentifier;
    }

    /// <summary>The object of the tag with the highest version in the range (first by name among equal versions).</summary>
    public static string? MaxSatisfyingTag(IReadOnlyList<Reference> references, SemVersionRange range)
    {
        SemVersion? best = null;
        string? target = null;
        foreach (var reference in references.OrderBy(r => r.CanonicalName, StringComparer.Ordinal))
        {
            var name = reference.CanonicalName;
            if (!name.StartsWith(TagsPrefix, StringComparison.Ordinal) || name.EndsWith(PeeledSuffix, StringComparison.Ordinal) ||
                !SemVersion.TryParse(name[TagsPrefix.Length..], out var version) || !range.IsSatisfiedBy(version))
            {
                continue;
            }

            if (best is null || version > best)
            {
                best = version;
                target = reference.TargetIdentifier;
            }
        }

        return target;
    }

    /// <summary>Finds an object in the local repository and peels it to a commit.</summary>
    /// <returns>The commit SHA, or <see langword="null"/> when the object is not there (or is no commit).</returns>
    public static string? PeelToCommit(Repository repository, string objectish)
    {
        GitObject? found;
        try
        {
            found = IsFullSha(objectish) ? repository.Lookup(new ObjectId(objectish)) : repository.Lookup(objectish);
        }
        catch (AmbiguousSpecificationException)
        {
            return null;
        }
        catch (NotFoundException)
        {
            return null;
        }

        return found is null ? null : PeelOrNull(found);
    }

    private static string? PeelOrNull(GitObject found)
    {
        try
        {
            return found.Peel<Commit>().Sha;
        }
        catch (InvalidSpecificationException)
        {
            // A tag of a tree or blob: not a revision.
            return null;
        }
    }

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);
}
