namespace GitOps.Versioning;

/// <summary>
/// One comparison of a range, such as <c>&gt;=1.2</c> or <c>~1.x</c>. Missing or wildcard numbers are stored as 0
/// and remembered, because several operators treat <c>1.2</c> differently from <c>1.2.0</c>.
/// </summary>
internal sealed class SemVersionComparison
{
    public SemVersionComparison(SemVersionOperator op, SemVersion version, int givenNumbers, string text)
    {
        Operator = op;
        Version = version;
        GivenNumbers = givenNumbers;
        Text = text;
    }

    public SemVersionOperator Operator { get; }

    public SemVersion Version { get; }

    /// <summary>How many of major, minor, patch were given as numbers (0 = the major is a wildcard).</summary>
    public int GivenNumbers { get; }

    /// <summary>The comparison as written, for messages.</summary>
    public string Text { get; }

    private bool MinorIsWildcard => GivenNumbers == 1;

    private bool PatchIsWildcard => GivenNumbers == 2;

    private bool HasWildcard => GivenNumbers < 3;

    public bool Matches(SemVersion candidate)
    {
        if (GivenNumbers == 0)
        {
            // A wildcard major (*, x) accepts every version, except that != * accepts none.
            return Operator != SemVersionOperator.NotEqual;
        }

        var c = Version;
        return Operator switch
        {
            SemVersionOperator.EqualOrTilde => HasWildcard ? MatchesTilde(candidate) : candidate == c,
            SemVersionOperator.NotEqual => MatchesNotEqual(candidate),
            SemVersionOperator.Greater => MatchesGreater(candidate),
            SemVersionOperator.GreaterOrEqual => candidate >= c,
            SemVersionOperator.Less => candidate < c,
            SemVersionOperator.LessOrEqual => MatchesLessOrEqual(candidate),
            SemVersionOperator.Tilde => MatchesTilde(candidate),
            SemVersionOperator.Caret => MatchesCaret(candidate),
            _ => false,
        };
    }

    private bool MatchesNotEqual(SemVersion v)
    {
        var c = Version;
        if (!HasWildcard)
        {
            return v != c;
        }

        // != 1.x excludes all of 1.*, != 1.2.x all of 1.2.*.
        return v.Major != c.Major || (!MinorIsWildcard && v.Minor != c.Minor);
    }

    private bool MatchesGreater(SemVersion v)
    {
        var c = Version;
        if (!HasWildcard)
        {
            return v > c;
        }

        // > 1 means 2.0.0 or later; > 1.2 means 1.3.0 or later.
        if (v.Major != c.Major)
        {
            return v.Major > c.Major;
        }

        return !MinorIsWildcard && v.Minor > c.Minor;
    }

    private bool MatchesLessOrEqual(SemVersion v)
    {
        var c = Version;
        if (!HasWildcard)
        {
            return v <= c;
        }

        // <= 1 includes all of 1.*, <= 1.2 all of 1.2.*.
        if (v.Major != c.Major)
        {
            return v.Major < c.Major;
        }

        return MinorIsWildcard || v.Minor <= c.Minor;
    }

    private bool MatchesTilde(SemVersion v)
    {
        var c = Version;
        if (v < c)
        {
            return false;
        }

        // ~0.0.0 is the one tilde range without an upper bound.
        if (GivenNumbers == 3 && c.Major == 0 && c.Minor == 0 && c.Patch == 0)
        {
            return true;
        }

        return v.Major == c.Major && (MinorIsWildcard || v.Minor == c.Minor);
    }

    private bool MatchesCaret(SemVersion v)
    {
        var c = Version;
        if (v < c || v.Major != c.Major)
        {
            return false;
        }

        // ^1.2.3 and ^1 and ^0 keep the major; ^0.2.3 and ^0.2 keep the minor; ^0.0.3 is exactly 0.0.3.
        if (c.Major > 0 || MinorIsWildcard)
        {
            return true;
        }

        if (v.Minor != c.Minor)
        {
            return false;
        }

        return c.Minor > 0 || PatchIsWildcard || v.Patch == c.Patch;
    }
}
